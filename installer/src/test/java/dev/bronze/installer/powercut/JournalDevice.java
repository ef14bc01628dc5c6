package dev.bronze.installer.powercut;

import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A device that keeps every write in order on top of a base that never changes, so the disk can
 * be rebuilt as it was after any number of writes — and with the next write torn — without
 * copying the image for every cut.
 */
final class JournalDevice implements BlockDevice {

    /** One write as it reached the device. */
    record Write(long offset, byte[] data) {
    }

    private final BlockDevice base;
    private final List<Write> writes;
    private final int limit;
    /** What a discard does on the modelled device. */
    enum Discard {
        /** Reads back as zeros, landing from the start of the range to its end. */
        ZEROES,
        /** Reads back as zeros, landing from the end of the range backwards (a device may carry it out in any order). */
        ZEROES_FROM_END,
        /** Ignored: the old data stays readable (a discard is only a hint). */
        IGNORED
    }

    private final boolean recording;
    private final Discard discard;

    private JournalDevice(BlockDevice base, List<Write> writes, int limit, boolean recording, Discard discard) {
        this.base = base;
        this.writes = writes;
        this.limit = limit;
        this.recording = recording;
        this.discard = discard;
    }

    /** Records new writes on top of {@code base}; a discard reads back as zeros (and is journalled as such). */
    static JournalDevice recording(BlockDevice base) {
        return recording(base, Discard.ZEROES);
    }

    /** Records new writes on top of {@code base}, with discards carried out as {@code discard} says. */
    static JournalDevice recording(BlockDevice base, Discard discard) {
        return new JournalDevice(base, new ArrayList<>(), Integer.MAX_VALUE, true, discard);
    }

    /** The disk after the first {@code n} writes of {@code journal}, then the next one torn to {@code tornSectors}. */
    static JournalDevice cutAfter(BlockDevice base, List<Write> journal, int n, int tornSectors, int sectorSize) {
        List<Write> w = new ArrayList<>(journal.subList(0, n));
        if (tornSectors > 0 && n < journal.size()) {
            Write next = journal.get(n);
            int keep = Math.min(next.data().length, tornSectors * sectorSize);
            byte[] part = new byte[keep];
            System.arraycopy(next.data(), 0, part, 0, keep);
            w.add(new Write(next.offset(), part));
        }
        return new JournalDevice(base, w, Integer.MAX_VALUE, false, Discard.ZEROES);
    }

    List<Write> journal() {
        return List.copyOf(writes);
    }

    /** Further writes after a cut go on top too (a later operation on the cut disk). */
    JournalDevice writable() {
        return new JournalDevice(this, new ArrayList<>(), limit, true, Discard.ZEROES);
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public long size() throws IOException {
        return base.size();
    }

    @Override
    public int logicalSectorSize() {
        return base.logicalSectorSize();
    }

    @Override
    public int physicalSectorSize() {
        return base.physicalSectorSize();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        int start = dst.position();
        int len = dst.remaining();
        base.read(offset, dst);
        byte[] arr = new byte[len];
        dst.position(start);
        dst.get(arr);
        for (Write w : writes) {
            long from = Math.max(offset, w.offset());
            long to = Math.min(offset + len, w.offset() + w.data().length);
            if (from < to) {
                System.arraycopy(w.data(), (int) (from - w.offset()), arr, (int) (from - offset), (int) (to - from));
            }
        }
        dst.position(start);
        dst.put(arr);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        if (!recording) {
            throw new IOException("a replayed disk is read-only");
        }
        byte[] b = new byte[src.remaining()];
        src.get(b);
        writes.add(new Write(offset, b));
    }

    @Override
    public void flush() {
    }

    @Override
    public void discard(long offset, long length) throws IOException {
        switch (discard) {
            case ZEROES -> zeroRange(offset, length);
            case ZEROES_FROM_END -> {
                long end = offset + length;
                while (end > offset) {
                    int n = (int) Math.min(1 << 20, end - offset);
                    write(end - n, ByteBuffer.allocate(n));
                    end -= n;
                }
            }
            case IGNORED -> {
            }
        }
    }

    @Override
    public void zeroRange(long offset, long length) throws IOException {
        long pos = offset;
        while (pos < offset + length) {
            int n = (int) Math.min(1 << 20, offset + length - pos);
            write(pos, ByteBuffer.allocate(n));
            pos += n;
        }
    }

    @Override
    public void close() {
    }
}
