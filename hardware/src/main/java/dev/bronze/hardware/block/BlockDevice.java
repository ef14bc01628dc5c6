package dev.bronze.hardware.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Something addressed by byte offset in sectors: an image file, a Linux block device, or a slice
 * (partition) of either. GPT, MBR, FAT and META code read and write through this and nothing else,
 * so the same code builds an image without root and writes a real disk.
 */
public interface BlockDevice extends Closeable {

    /** A short name for messages: the image path or {@code /dev/sdb}. */
    String name();

    /** Size in bytes. */
    long size() throws IOException;

    /** Logical sector size (512 or 4096): the unit of LBAs in partition tables. */
    int logicalSectorSize();

    /** Physical sector size, the unit that a power cut writes atomically (at best). */
    int physicalSectorSize();

    /** Reads exactly {@code dst.remaining()} bytes at {@code offset}; reading past the end is an error. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Writes all of {@code src} at {@code offset}. */
    void write(long offset, ByteBuffer src) throws IOException;

    /** Makes every write so far durable (fsync / fdatasync). */
    void flush() throws IOException;

    /** Tells the device a range is unused; a no-op where it is not supported. Reads back undefined. */
    void discard(long offset, long length) throws IOException;

    /** Makes a range read back as zeros (BLKZEROOUT, or punching/writing zeros in an image). */
    void zeroRange(long offset, long length) throws IOException;

    /**
     * Where this device's bytes are on a real block device, when they are: writers of file systems
     * use it to refuse overwriting a mounted partition. Empty for image files.
     */
    default java.util.Optional<HostRegion> hostRegion() {
        return java.util.Optional.empty();
    }

    /** Convenience: reads {@code length} bytes at {@code offset} into a new array. */
    default byte[] read(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        read(offset, b);
        return b.array();
    }

    /** Convenience: writes {@code bytes} at {@code offset}. */
    default void write(long offset, byte[] bytes) throws IOException {
        write(offset, ByteBuffer.wrap(bytes));
    }

    /**
     * A view of {@code length} bytes from {@code offset} (a partition). Reads and writes outside it
     * are refused, so a filesystem writer can never spill into its neighbour. Closing a slice does
     * not close the device.
     */
    default BlockDevice slice(long offset, long length) throws IOException {
        return new BlockSlice(this, offset, length);
    }
}
