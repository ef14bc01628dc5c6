package dev.bronze.hardware.block;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A bounded window on another device: a partition seen as a device of its own. */
final class BlockSlice implements BlockDevice {

    private final BlockDevice parent;
    private final long offset;
    private final long length;

    BlockSlice(BlockDevice parent, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > parent.size() || offset + length < offset) {
            throw new IOException(String.format("slice %d+%d lies outside %s (%d bytes)",
                    offset, length, parent.name(), parent.size()));
        }
        this.parent = parent;
        this.offset = offset;
        this.length = length;
    }

    /** The parent's channel when it has one, for kernel-side copies into this slice. */
    ChannelBacked channelBacked() {
        if (parent instanceof ChannelBacked c) {
            return new ChannelBacked() {
                @Override
                public java.nio.channels.FileChannel channel() {
                    return c.channel();
                }

                @Override
                public long base() {
                    return c.base() + offset;
                }
            };
        }
        return null;
    }

    @Override
    public java.util.Optional<HostRegion> hostRegion() {
        return parent.hostRegion().map(r -> r.narrow(offset, length));
    }

    @Override
    public String name() {
        return parent.name() + "@" + offset;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public int logicalSectorSize() {
        return parent.logicalSectorSize();
    }

    @Override
    public int physicalSectorSize() {
        return parent.physicalSectorSize();
    }

    private void check(long off, long len) throws IOException {
        if (off < 0 || len < 0 || off + len > length || off + len < off) {
            throw new IOException(String.format("access %d+%d outside %s (%d bytes)", off, len, name(), length));
        }
    }

    @Override
    public void read(long off, ByteBuffer dst) throws IOException {
        check(off, dst.remaining());
        parent.read(offset + off, dst);
    }

    @Override
    public void write(long off, ByteBuffer src) throws IOException {
        check(off, src.remaining());
        parent.write(offset + off, src);
    }

    @Override
    public void flush() throws IOException {
        parent.flush();
    }

    @Override
    public void discard(long off, long len) throws IOException {
        check(off, len);
        parent.discard(offset + off, len);
    }

    @Override
    public void zeroRange(long off, long len) throws IOException {
        check(off, len);
        parent.zeroRange(offset + off, len);
    }

    @Override
    public BlockDevice slice(long off, long len) throws IOException {
        check(off, len);
        return new BlockSlice(parent, offset + off, len);
    }

    @Override
    public void close() {
        // The parent owns the file descriptor.
    }
}
