package dev.bronze.hardware.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A window of an open device node or image (a whole disk, or a partition at its offset). */
final class ChannelSource implements ByteSource {

    private final FileChannel channel;
    private final long base;
    private final long size;

    ChannelSource(FileChannel channel, long base, long size) {
        this.channel = channel;
        this.base = base;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] read(long offset, int len) throws IOException {
        if (offset < 0 || offset >= size || len <= 0) {
            return null;
        }
        int want = (int) Math.min(len, size - offset);
        ByteBuffer buf = ByteBuffer.allocate(len);
        buf.limit(want);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, base + offset + buf.position());
            if (n < 0) {
                break;
            }
        }
        return buf.position() == 0 ? null : buf.array();
    }
}
