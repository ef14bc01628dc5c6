package dev.bronze.bootloader.meta;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The META partition: two copies of the Talos ADV at offsets 0 and 256 KiB, and the legacy
 * syslinux ADV in the last KiB, byte-compatible with Talos.
 *
 * <p>Power-cut safety: a write first makes sure copy 2 holds the state copy 1 holds (repairing it
 * if an earlier write was cut), then writes copy 1, flushes, writes copy 2, flushes. Readers take
 * copy 1 when it validates and copy 2 otherwise, so a cut at any moment reads back either the
 * state before the write or the state after it — never an older one, never nothing.
 */
public final class MetaStore {

    /** Talos's META is exactly 1 MiB; it matches on that size since PR #9810. */
    public static final long PARTITION_SIZE = 1024 * 1024;
    static final long COPY2_OFFSET = TalosAdv.LENGTH;
    static final int LEGACY_SIZE = 2 * SyslinuxAdv.ADV_SIZE;

    private final BlockDevice partition;

    public MetaStore(BlockDevice partition) {
        this.partition = partition;
    }

    /** What was read: the tags, which copy they came from (0: none, a fresh partition), problems. */
    public record Snapshot(SortedMap<Integer, byte[]> tags, int copy, List<String> problems) {
        public Optional<String> get(int tag) {
            return Optional.ofNullable(tags.get(tag)).map(v -> new String(v, StandardCharsets.UTF_8));
        }

        public Optional<String> get(MetaKey key) {
            return get(key.tag());
        }
    }

    public Snapshot read() throws IOException {
        checkSize();
        byte[] c1 = partition.read(0, TalosAdv.LENGTH);
        byte[] c2 = partition.read(COPY2_OFFSET, TalosAdv.LENGTH);
        TalosAdv.Decoded d1 = TalosAdv.decode(c1);
        TalosAdv.Decoded d2 = TalosAdv.decode(c2);
        SortedMap<Integer, byte[]> legacy = SyslinuxAdv.decode(partition.read(partition.size() - LEGACY_SIZE, LEGACY_SIZE));
        int copy;
        SortedMap<Integer, byte[]> tags;
        if (d1 instanceof TalosAdv.Decoded.Valid v1) {
            copy = 1;
            tags = new TreeMap<>(v1.tags());
        } else if (d2 instanceof TalosAdv.Decoded.Valid v2) {
            copy = 2;
            tags = new TreeMap<>(v2.tags());
        } else {
            copy = 0;
            tags = new TreeMap<>();
            if (!allZero(c1) || !allZero(c2)) {
                return new Snapshot(merge(tags, legacy), 0, TalosAdv.problems(d1, d2));
            }
        }
        List<String> problems = TalosAdv.problems(d1, d2);
        return new Snapshot(merge(tags, legacy), copy, copy == 0 ? List.of() : problems);
    }

    /** Legacy keys show only where the Talos ADV has no value of its own, as Talos reads them. */
    private static SortedMap<Integer, byte[]> merge(SortedMap<Integer, byte[]> tags, SortedMap<Integer, byte[]> legacy) {
        SortedMap<Integer, byte[]> out = new TreeMap<>(legacy);
        out.putAll(tags);
        return out;
    }

    /** Replaces every value of the Talos ADV with {@code tags}. */
    public void write(Map<Integer, byte[]> tags) throws IOException {
        checkSize();
        byte[] next = TalosAdv.encode(tags);
        byte[] c1 = partition.read(0, TalosAdv.LENGTH);
        byte[] c2 = partition.read(COPY2_OFFSET, TalosAdv.LENGTH);
        boolean v1 = TalosAdv.decode(c1) instanceof TalosAdv.Decoded.Valid;
        boolean v2 = TalosAdv.decode(c2) instanceof TalosAdv.Decoded.Valid;
        if (!v1 && !v2 && !(allZero(c1) && allZero(c2))) {
            throw new BootloaderException("the META partition on " + partition.name()
                    + " holds something that is not a Talos ADV (" + String.join("; ", TalosAdv.problems(
                            TalosAdv.decode(c1), TalosAdv.decode(c2))) + "): refusing to overwrite it");
        }
        if (v1 && !Arrays.equals(c1, c2)) {
            // Copy 2 is older than copy 1 (a cut between the two writes): bring it level first, so
            // that a cut in the copy-1 write below falls back to the current state, not an older one.
            partition.write(COPY2_OFFSET, c1);
            partition.flush();
        }
        partition.write(0, next);
        partition.flush();
        partition.write(COPY2_OFFSET, next);
        partition.flush();
    }

    /** Sets one value, keeping the others. */
    public void set(int tag, byte[] value) throws IOException {
        SortedMap<Integer, byte[]> tags = talosTags();
        tags.put(tag, value.clone());
        if (TalosAdv.usedBytes(tags) > TalosAdv.DATA_LENGTH) {
            throw new BootloaderException("META is full: setting " + MetaKey.nameOf(tag) + " (" + value.length
                    + " bytes) would need " + TalosAdv.usedBytes(tags) + " of " + TalosAdv.DATA_LENGTH + " bytes");
        }
        write(tags);
    }

    public void set(MetaKey key, String value) throws IOException {
        set(key.tag(), value.getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes one value; returns whether it was there. */
    public boolean delete(int tag) throws IOException {
        SortedMap<Integer, byte[]> tags = talosTags();
        if (tags.remove(tag) == null) {
            return false;
        }
        write(tags);
        return true;
    }

    /** Bytes still free for values in a copy. */
    public int freeBytes() throws IOException {
        return TalosAdv.DATA_LENGTH - TalosAdv.usedBytes(talosTags());
    }

    private SortedMap<Integer, byte[]> talosTags() throws IOException {
        for (long off : new long[] {0, COPY2_OFFSET}) {
            if (TalosAdv.decode(partition.read(off, TalosAdv.LENGTH)) instanceof TalosAdv.Decoded.Valid v) {
                return new TreeMap<>(v.tags());
            }
        }
        return new TreeMap<>();
    }

    private void checkSize() throws IOException {
        if (partition.size() < 2L * TalosAdv.LENGTH + LEGACY_SIZE) {
            throw new BootloaderException("META partition on " + partition.name() + " is " + partition.size()
                    + " bytes; it needs at least " + (2L * TalosAdv.LENGTH + LEGACY_SIZE));
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
