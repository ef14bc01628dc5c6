package dev.bronze.bootloader.meta;

import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A device that loses power after a given number of writes: the write that is cut lands only
 * partly (its first {@code tornSectors} sectors, which is what a drive may do), and everything
 * after it is refused.
 */
final class CuttingDevice implements BlockDevice {

    static final class PowerCut extends IOException {
        private static final long serialVersionUID = 1L;

        PowerCut() {
            super("power cut");
        }
    }

    private final BlockDevice inner;
    private final int cutAtWrite;
    private final int tornSectors;
    private int writes;

    CuttingDevice(BlockDevice inner, int cutAtWrite, int tornSectors) {
        this.inner = inner;
        this.cutAtWrite = cutAtWrite;
        this.tornSectors = tornSectors;
    }

    int writes() {
        return writes;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public long size() throws IOException {
        return inner.size();
    }

    @Override
    public int logicalSectorSize() {
        return inner.logicalSectorSize();
    }

    @Override
    public int physicalSectorSize() {
        return inner.physicalSectorSize();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        inner.read(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        if (writes > cutAtWrite) {
            throw new PowerCut();
        }
        if (writes++ == cutAtWrite) {
            int keep = Math.min(src.remaining(), tornSectors * logicalSectorSize());
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + keep);
            inner.write(offset, part);
            throw new PowerCut();
        }
        inner.write(offset, src);
    }

    @Override
    public void flush() throws IOException {
        inner.flush();
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        inner.discard(offset, length);
    }

    @Override
    public void zeroRange(long offset, long length) throws IOException {
        inner.zeroRange(offset, length);
    }

    @Override
    public void close() {
    }
}
