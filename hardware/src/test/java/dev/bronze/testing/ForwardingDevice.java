package dev.bronze.testing;

import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A device that passes every call to another: the base of the test devices that record writes or
 * cut power, which override only what they watch. Closing it leaves the inner device open.
 */
public abstract class ForwardingDevice implements BlockDevice {

    protected final BlockDevice inner;

    protected ForwardingDevice(BlockDevice inner) {
        this.inner = inner;
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
    public java.util.Optional<dev.bronze.hardware.block.HostRegion> hostRegion() {
        return inner.hostRegion();
    }

    @Override
    public void close() {
        // The inner device belongs to whoever opened it.
    }
}
