package dev.bronze.hardware.block;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * A disk image file. Created sparse: {@link #create} only sets the length, so a 20 GiB image
 * costs what is written to it.
 */
public final class ImageFile implements BlockDevice {

    private static final int ZERO_CHUNK = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final int logicalSectorSize;
    private final boolean readOnly;

    private ImageFile(Path path, FileChannel channel, int logicalSectorSize, boolean readOnly) {
        this.path = path;
        this.channel = channel;
        this.logicalSectorSize = logicalSectorSize;
        this.readOnly = readOnly;
    }

    /** Creates (or truncates) a sparse image of {@code size} bytes. */
    public static ImageFile create(Path path, long size, int logicalSectorSize) throws IOException {
        checkSectorSize(logicalSectorSize);
        if (size <= 0 || size % logicalSectorSize != 0) {
            throw new IOException("image size " + size + " is not a positive multiple of " + logicalSectorSize);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            if (size > 0) {
                ch.write(ByteBuffer.allocate(1), size - 1);
            }
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new ImageFile(path, ch, logicalSectorSize, false);
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

    /** Grows (never shrinks) the image to {@code newSize} bytes, sparsely. */
    public void grow(long newSize) throws IOException {
        requireWritable();
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

    @Override
    public void zeroRange(long offset, long length) throws IOException {
        requireWritable();
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

    @Override
    public void close() throws IOException {
        channel.close();
    }

}
