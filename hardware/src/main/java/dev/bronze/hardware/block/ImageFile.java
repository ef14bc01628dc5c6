package dev.bronze.hardware.block;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A disk image file. Created sparse: {@link #create} only sets the length, so a 20 GiB image
 * costs what is written to it, and zeroing or discarding a range punches a hole instead of writing
 * zeros. Open images are locked (exclusively for writing, shared for reading), so two Bronze
 * processes never rewrite the same image at once.
 */
public final class ImageFile implements BlockDevice, ChannelBacked {

    private static final int ZERO_CHUNK = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final int logicalSectorSize;
    private final boolean readOnly;
    private final FileLock lock;
    private final Holes holes;

    private ImageFile(Path path, FileChannel channel, int logicalSectorSize, boolean readOnly) throws IOException {
        this.path = path;
        this.channel = channel;
        this.logicalSectorSize = logicalSectorSize;
        this.readOnly = readOnly;
        try {
            this.lock = channel.tryLock(0, Long.MAX_VALUE, readOnly);
        } catch (OverlappingFileLockException | IOException e) {
            channel.close();
            throw new IOException(path + " is locked by another user of this image", e);
        }
        if (lock == null) {
            channel.close();
            throw new IOException(path + " is locked by another program (another bronze run?)");
        }
        this.holes = Holes.open(path, readOnly);
    }

    /** Creates (or truncates) a sparse image of {@code size} bytes. */
    public static ImageFile create(Path path, long size, int logicalSectorSize) throws IOException {
        checkSectorSize(logicalSectorSize);
        if (size <= 0 || size % logicalSectorSize != 0) {
            throw new IOException("image size " + size + " is not a positive multiple of " + logicalSectorSize);
        }
        // Lock before truncating: an image another process has open must not be cut under it.
        ImageFile f = new ImageFile(path, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), logicalSectorSize, false);
        try {
            f.channel.truncate(0);
            f.channel.write(ByteBuffer.allocate(1), size - 1);
        } catch (IOException e) {
            f.close();
            throw e;
        }
        return f;
    }

    /** Opens an existing image for reading and writing. */
    public static ImageFile open(Path path, int logicalSectorSize) throws IOException {
        checkSectorSize(logicalSectorSize);
        return new ImageFile(path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE),
                logicalSectorSize, false);
    }

    /** Opens an existing image read-only: every write is refused. */
    public static ImageFile openReadOnly(Path path, int logicalSectorSize) throws IOException {
        checkSectorSize(logicalSectorSize);
        return new ImageFile(path, FileChannel.open(path, Set.of(StandardOpenOption.READ)), logicalSectorSize, true);
    }

    private static void checkSectorSize(int s) throws IOException {
        if (s != 512 && s != 4096) {
            throw new IOException("logical sector size must be 512 or 4096, not " + s);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public FileChannel channel() {
        return channel;
    }

    @Override
    public long base() {
        return 0;
    }

    /**
     * Grows (never shrinks) the image to {@code newSize} bytes, sparsely. A GPT on it then has its
     * backup in the middle: {@code GptDisk.repair} moves it to the new end.
     */
    public void grow(long newSize) throws IOException {
        requireWritable();
        if (newSize % logicalSectorSize != 0) {
            throw new IOException("new size " + newSize + " is not a multiple of " + logicalSectorSize);
        }
        if (newSize > channel.size()) {
            channel.write(ByteBuffer.allocate(1), newSize - 1);
        }
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public int logicalSectorSize() {
        return logicalSectorSize;
    }

    @Override
    public int physicalSectorSize() {
        return logicalSectorSize;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        if (offset < 0 || offset + dst.remaining() > channel.size()) {
            throw new EOFException(String.format("read %d+%d past the end of %s (%d bytes)",
                    offset, dst.remaining(), path, channel.size()));
        }
        long pos = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw new EOFException("unexpected end of " + path + " at " + pos);
            }
            pos += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        requireWritable();
        if (offset < 0) {
            throw new IOException("negative offset " + offset);
        }
        long pos = offset;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
    }

    @Override
    public void flush() throws IOException {
        channel.force(true);
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        zeroRange(offset, length);
    }

    /** Punches a hole (the range reads as zeros and stops taking space); writes zeros where that fails. */
    @Override
    public void zeroRange(long offset, long length) throws IOException {
        requireWritable();
        if (offset < 0 || length < 0 || offset + length > channel.size()) {
            throw new IOException(String.format("range %d+%d outside %s (%d bytes)", offset, length, path, channel.size()));
        }
        if (holes.punch(offset, length)) {
            return;
        }
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZERO_CHUNK, Math.max(length, 0)));
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), end - pos));
            write(pos, zeros);
            pos += zeros.limit();
        }
    }

    private void requireWritable() throws IOException {
        if (readOnly) {
            throw new IOException(path + " is open read-only");
        }
    }

    /**
     * The ranges of the file that hold data, as [start, end) pairs, from SEEK_DATA/SEEK_HOLE; the
     * whole file when the filesystem cannot tell. Copying only these is a sparse-aware copy.
     */
    public List<long[]> dataRanges() throws IOException {
        List<long[]> out = holes.dataRanges(channel.size());
        if (out != null) {
            return out;
        }
        List<long[]> all = new ArrayList<>();
        all.add(new long[] {0, channel.size()});
        return all;
    }

    @Override
    public void close() throws IOException {
        try {
            holes.close();
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }

}
