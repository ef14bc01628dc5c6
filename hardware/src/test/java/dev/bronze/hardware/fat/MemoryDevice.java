package dev.bronze.hardware.fat;

import dev.bronze.hardware.block.BlockDevice;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A sparse in-memory device of 4 KiB pages, copy-on-write over a template's pages, so a fuzzer can
 * corrupt a 40 MiB filesystem thousands of times a second.
 */
final class MemoryDevice implements BlockDevice {

    static final int PAGE = 4096;
    private static final byte[] ZEROS = new byte[PAGE];
    private final long size;
    private final int sectorSize;
    private final Map<Long, byte[]> pages;
    private final Map<Long, byte[]> shared;

    MemoryDevice(long size, int sectorSize) {
        this(size, sectorSize, new HashMap<>());
    }

    private MemoryDevice(long size, int sectorSize, Map<Long, byte[]> shared) {
        this.size = size;
        this.sectorSize = sectorSize;
        this.shared = shared;
        this.pages = new HashMap<>();
    }

    /** A copy whose writes do not reach this device (its pages are shared until written). */
    MemoryDevice fork() {
        Map<Long, byte[]> all = new HashMap<>(shared);
        all.putAll(pages);
        return new MemoryDevice(size, sectorSize, all);
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int logicalSectorSize() {
        return sectorSize;
    }

    @Override
    public int physicalSectorSize() {
        return sectorSize;
    }

    private byte[] page(long index, boolean forWrite) {
        byte[] p = pages.get(index);
        if (p != null) {
            return p;
        }
        byte[] s = shared.get(index);
        if (!forWrite) {
            return s;
        }
        p = s != null ? s.clone() : new byte[PAGE];
        pages.put(index, p);
        return p;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        if (offset < 0 || offset + dst.remaining() > size) {
            throw new EOFException("read " + offset + "+" + dst.remaining() + " past the end (" + size + ")");
        }
        long pos = offset;
        while (dst.hasRemaining()) {
            int in = (int) (pos % PAGE);
            int n = Math.min(dst.remaining(), PAGE - in);
            byte[] p = page(pos / PAGE, false);
            if (p == null) {
                dst.put(ZEROS, 0, n);
            } else {
                dst.put(p, in, n);
            }
            pos += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        if (offset < 0 || offset + src.remaining() > size) {
            throw new IOException("write " + offset + "+" + src.remaining() + " past the end (" + size + ")");
        }
        long pos = offset;
        while (src.hasRemaining()) {
            int in = (int) (pos % PAGE);
            int n = Math.min(src.remaining(), PAGE - in);
            src.get(page(pos / PAGE, true), in, n);
            pos += n;
        }
    }

    void poke(long offset, byte value) {
        page(offset / PAGE, true)[(int) (offset % PAGE)] = value;
    }

    @Override
    public void flush() {
        // memory is as durable as it gets here
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        zeroRange(offset, length);
    }

    @Override
    public void zeroRange(long offset, long length) throws IOException {
        for (long p = offset; p < offset + length; ) {
            int n = (int) Math.min(PAGE - p % PAGE, offset + length - p);
            write(p, ByteBuffer.allocate(n));
            p += n;
        }
    }

    @Override
    public void close() {
        // nothing to release
    }
}
