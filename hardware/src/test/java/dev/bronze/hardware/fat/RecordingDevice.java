package dev.bronze.hardware.fat;

import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.testing.ForwardingDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Passes everything through and records each write's offset and length (for write-order tests). */
final class RecordingDevice extends ForwardingDevice {

    final List<long[]> writes = new ArrayList<>();
    /** Every write as {@code W offset} and every flush as {@code F}, in order. */
    final List<String> events = new ArrayList<>();

    RecordingDevice(BlockDevice inner) {
        super(inner);
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
    public void zeroRange(long offset, long length) throws IOException {
        writes.add(new long[] {offset, length});
        events.add("W " + offset);
        inner.zeroRange(offset, length);
    }
}
