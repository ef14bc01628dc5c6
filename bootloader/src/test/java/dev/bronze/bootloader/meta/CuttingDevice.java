package dev.bronze.bootloader.meta;

import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.testing.ForwardingDevice;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A device that loses power after a given number of writes: the write that is cut lands only
 * partly (its first {@code tornSectors} sectors, which is what a drive may do), and everything
 * after it is refused.
 */
final class CuttingDevice extends ForwardingDevice {

    static final class PowerCut extends IOException {
        private static final long serialVersionUID = 1L;

        PowerCut() {
            super("power cut");
        }
    }

    private final int cutAtWrite;
    private final int tornSectors;
    private int writes;

    CuttingDevice(BlockDevice inner, int cutAtWrite, int tornSectors) {
        super(inner);
        this.cutAtWrite = cutAtWrite;
        this.tornSectors = tornSectors;
    }

    int writes() {
        return writes;
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
}
