package dev.bronze.hardware.fat;

import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Passes everything through and records each write's offset and length (for write-order tests). */
final class RecordingDevice implements BlockDevice {

    final BlockDevice inner;
    final List<long[]> writes = new ArrayList<>();
    /** Every write as {@code W offset} and every flush as {@code F}, in order. */
    final List<String> events = new ArrayList<>();

    RecordingDevice(BlockDevice inner) {
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
        writes.add(new long[] {offset, src.remaining()});
        events.add("W " + offset);
        inner.write(offset, src);
    }

    @Override
    public void flush() throws IOException {
        events.add("F");
        inner.flush();
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        inner.discard(offset, length);
    }

    @Override
    public void zeroRange(long offset, long length) throws IOException {
        writes.add(new long[] {offset, length});
        events.add("W " + offset);
        inner.zeroRange(offset, length);
    }

    @Override
    public void close() {
        // the inner device is closed by its owner
    }
}
