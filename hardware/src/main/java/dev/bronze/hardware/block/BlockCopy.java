package dev.bronze.hardware.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Copies a file (a payload, a filesystem image) into a device or partition. Only the file's data
 * extents are read and written (SEEK_DATA/SEEK_HOLE); holes become zeroed ranges on the target
 * (BLKZEROOUT on a disk, a punched hole in an image), or are skipped when the caller knows the
 * target already reads as zeros. Writes go in 4 MiB direct buffers, like {@code dd bs=4M}.
 */
public final class BlockCopy {

    static final int CHUNK = 4 << 20;

    /** What a copy did. */
    public record Stats(long bytesWritten, long bytesZeroed, long holesSkipped) {
    }

    private BlockCopy() {
    }

    /**
     * Copies {@code source} to {@code target} at offset 0.
     *
     * @param targetIsZero the target already reads as zeros (freshly wiped), so holes need nothing
     * @param progress     receives the number of source bytes handled so far
     */
    public static Stats copy(Path source, BlockDevice target, boolean targetIsZero, LongConsumer progress)
            throws IOException {
        long size = Files.size(source);
        if (size > target.size()) {
            throw new IOException(source + " (" + size + " bytes) does not fit " + target.name() + " ("
                    + target.size() + " bytes)");
        }
        long written = 0;
        long zeroed = 0;
        long skipped = 0;
        ChannelBacked direct = target instanceof ChannelBacked c ? c
                : target instanceof BlockSlice sl ? sl.channelBacked() : null;
        try (ImageFile src = ImageFile.openReadOnly(source, 512)) {
            List<long[]> ranges = src.dataRanges();
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            long pos = 0;
            for (long[] r : ranges) {
                if (r[0] > pos) {
                    long hole = r[0] - pos;
                    if (targetIsZero) {
                        skipped += hole;
                    } else {
                        target.zeroRange(pos, hole);
                        zeroed += hole;
                    }
                }
                if (direct != null) {
                    written += kernelCopy(src.channel(), r[0], r[1], direct, progress);
                    pos = r[1];
                    continue;
                }
                for (long p = r[0]; p < r[1]; p += CHUNK) {
                    buf.clear().limit((int) Math.min(CHUNK, r[1] - p));
                    src.read(p, buf);
                    buf.flip();
                    target.write(p, buf);
                    written += buf.limit();
                    progress.accept(p + buf.limit());
                }
                pos = r[1];
            }
            if (pos < size) {
                if (targetIsZero) {
                    skipped += size - pos;
                } else {
                    target.zeroRange(pos, size - pos);
                    zeroed += size - pos;
                }
            }
        }
        target.flush();
        progress.accept(size);
        return new Stats(written, zeroed, skipped);
    }

    /**
     * FileChannel.transferTo between two files is sendfile(2) (or copy_file_range) in the JDK: the
     * bytes never enter the JVM. The target position is set explicitly because transferTo writes
     * at the target channel's position.
     */
    private static long kernelCopy(java.nio.channels.FileChannel src, long from, long to, ChannelBacked dst,
                                   LongConsumer progress) throws IOException {
        java.nio.channels.FileChannel out = dst.channel();
        long p = from;
        while (p < to) {
            out.position(dst.base() + p);
            long n = src.transferTo(p, Math.min(CHUNK * 16L, to - p), out);
            if (n <= 0) {
                throw new IOException("copy stalled at byte " + p);
            }
            p += n;
            progress.accept(p);
        }
        return to - from;
    }
}
