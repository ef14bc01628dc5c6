package dev.bronze.hardware.fat;

import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The only way this package touches the device. Every write of every operation passes through
 * {@link #write} or {@link #zero}, so a guard (the device is mounted, a dry run, a recording device
 * that cuts power between writes in tests) needs to be added in one place only.
 */
final class VolumeIo {

    private final BlockDevice device;
    private final boolean readOnly;

    VolumeIo(BlockDevice device, boolean readOnly) {
        this.device = device;
        this.readOnly = readOnly;
    }

    String name() {
        return device.name();
    }

    boolean readOnly() {
        return readOnly;
    }

    long size() {
        try {
            return device.size();
        } catch (IOException e) {
            throw failed("reading the size", e);
        }
    }

    int sectorSize() {
        return device.logicalSectorSize();
    }

    void read(long offset, ByteBuffer dst) {
        try {
            device.read(offset, dst);
        } catch (IOException e) {
            throw failed("reading " + dst.remaining() + " bytes at " + offset, e);
        }
    }

    byte[] read(long offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        read(offset, b);
        return b.array();
    }

    void write(long offset, ByteBuffer src) {
        checkWritable();
        try {
            device.write(offset, src);
        } catch (IOException e) {
            throw failed("writing at " + offset, e);
        }
    }

    void write(long offset, byte[] bytes) {
        write(offset, ByteBuffer.wrap(bytes));
    }

    void zero(long offset, long length) {
        checkWritable();
        try {
            device.zeroRange(offset, length);
        } catch (IOException e) {
            throw failed("zeroing " + length + " bytes at " + offset, e);
        }
    }

    void flush() {
        if (readOnly) {
            return;
        }
        try {
            device.flush();
        } catch (IOException e) {
            throw failed("flushing", e);
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new HardwareException("FAT on " + device.name() + " is open read-only");
        }
    }

    private HardwareException failed(String what, IOException e) {
        return new HardwareException("FAT on " + device.name() + ": I/O error " + what + ": " + e.getMessage(), e);
    }
}
