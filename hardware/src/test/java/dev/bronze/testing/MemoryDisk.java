package dev.bronze.testing;

import dev.bronze.hardware.block.BlockDevice;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A disk in a byte array, for parsers fed with fuzzed or hand-made bytes. */
public final class MemoryDisk implements BlockDevice {

    private final byte[] bytes;
    private final int sectorSize;
    private int writes;

    public MemoryDisk(byte[] bytes, int sectorSize) {
        this.bytes = bytes;
        this.sectorSize = sectorSize;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int writes() {
        return writes;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public int logicalSectorSize() {
        return sectorSize;
    }

    @Override
    public int physicalSectorSize() {
        return sectorSize;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        if (offset < 0 || offset + dst.remaining() > bytes.length) {
            throw new EOFException("read " + offset + "+" + dst.remaining() + " past " + bytes.length);
        }
        dst.put(bytes, (int) offset, dst.remaining());
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        if (offset < 0 || offset + src.remaining() > bytes.length) {
            throw new EOFException("write " + offset + "+" + src.remaining() + " past " + bytes.length);
        }
        writes++;
        src.get(bytes, (int) offset, src.remaining());
    }

    @Override
    public void flush() {
    }

    @Override
    public void discard(long offset, long length) {
        zeroRange(offset, length);
    }

    @Override
    public void zeroRange(long offset, long length) {
        Arrays.fill(bytes, (int) offset, (int) (offset + length), (byte) 0);
    }

    @Override
    public void close() {
    }
}
