package dev.bronze.hardware.fat;

import dev.bronze.hardware.HardwareException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * The file allocation table, held in memory (4 bytes a cluster: 1 MiB for a 1 GiB ESP with 4 KiB
 * clusters) and written back sector by sector: only sectors that changed, to every mirrored copy,
 * first copy first.
 */
final class FatTable {

    /** 16 Mi clusters (a 64 MiB table): 512 GiB at 32 KiB clusters, far above any ESP. */
    static final int MAX_CLUSTERS_IN_MEMORY = 1 << 24;
    private static final int CHUNK = 1 << 20;

    private final BootSector bs;
    private final VolumeIo io;
    private final FatType type;
    private final int clusters;
    private final int[] entries;
    private final BitSet dirtySectors = new BitSet();
    private int freeCount;
    private int nextFree;

    private FatTable(BootSector bs, VolumeIo io, int[] entries) {
        this.bs = bs;
        this.io = io;
        this.type = bs.type();
        this.clusters = bs.clusterCount();
        this.entries = entries;
        int free = 0;
        for (int c = 2; c < clusters + 2; c++) {
            if (get(c) == 0) {
                free++;
            }
        }
        this.freeCount = free;
        this.nextFree = 2;
    }

    private static void checkSize(BootSector bs, String where) {
        if (bs.clusterCount() > MAX_CLUSTERS_IN_MEMORY) {
            throw new HardwareException("FAT on " + where + ": " + bs.clusterCount()
                    + " clusters exceed the " + MAX_CLUSTERS_IN_MEMORY + " this implementation holds in memory");
        }
    }

    static FatTable load(BootSector bs, VolumeIo io) {
        checkSize(bs, io.name());
        int n = bs.clusterCount() + 2;
        int eb = bs.type().entryBytes();
        int[] e = new int[n];
        long base = bs.fatOffset(bs.activeFat());
        long bytes = (long) n * eb;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, bytes)).order(ByteOrder.LITTLE_ENDIAN);
        int idx = 0;
        for (long pos = 0; pos < bytes; pos += buf.capacity()) {
            buf.clear().limit((int) Math.min(buf.capacity(), bytes - pos));
            io.read(base + pos, buf);
            buf.flip();
            while (buf.remaining() >= eb) {
                e[idx++] = eb == 4 ? buf.getInt() : buf.getShort() & 0xFFFF;
            }
        }
        return new FatTable(bs, io, e);
    }

    /** A new table: media byte and clean-shutdown marks in entries 0 and 1, the root chain for FAT32. */
    static FatTable fresh(BootSector bs, VolumeIo io) {
        checkSize(bs, io.name());
        int[] e = new int[bs.clusterCount() + 2];
        FatTable t = new FatTable(bs, io, e);
        e[0] = (t.type.endOfChain() & ~0xFF) | bs.media();
        e[1] = t.type.endOfChain();
        t.markDirty(0);
        t.markDirty(1);
        if (bs.type() == FatType.FAT32) {
            t.set(bs.rootCluster(), t.type.endOfChain());
            t.nextFree = bs.rootCluster() + 1;
        }
        return t;
    }

    int clusters() {
        return clusters;
    }

    int freeCount() {
        return freeCount;
    }

    int nextFree() {
        return nextFree;
    }

    void hintNextFree(long hint) {
        if (hint >= 2 && hint < clusters + 2L) {
            nextFree = (int) hint;
        }
    }

    int get(int c) {
        return type == FatType.FAT32 ? entries[c] & 0x0FFFFFFF : entries[c];
    }

    private void set(int c, int v) {
        int old = get(c);
        if (old == 0 && v != 0) {
            freeCount--;
        } else if (old != 0 && v == 0) {
            freeCount++;
        }
        // FAT32: the top 4 bits are reserved and kept as found (fatgen103 §4).
        entries[c] = type == FatType.FAT32 ? (entries[c] & 0xF0000000) | v : v;
        markDirty(c);
    }

    private void markDirty(int c) {
        dirtySectors.set((int) ((long) c * type.entryBytes() / bs.bytesPerSector()));
    }

    boolean isEndOfChain(int v) {
        return v >= type.endOfChainMin();
    }

    boolean validCluster(long c) {
        return c >= 2 && c < clusters + 2L;
    }

    /**
     * The clusters of a chain, checked: every link in range, no free or bad cluster, no loop, and
     * no more than {@code maxClusters} (what the owner's size allows), so a hostile table cannot
     * make a reader spin or allocate without bound.
     */
    int[] chain(int first, long maxClusters, String what) {
        if (first == 0) {
            return new int[0];
        }
        long limit = Math.min(maxClusters, clusters);
        int[] out = new int[(int) Math.min(limit, 1024)];
        int n = 0;
        int c = first;
        while (true) {
            if (!validCluster(c)) {
                throw new HardwareException("FAT on " + io.name() + ": " + what + (n == 0 ? " starts at" : " links to")
                        + " cluster " + Integer.toUnsignedString(c) + ", outside 2.." + (clusters + 1));
            }
            if (n >= limit) {
                throw new HardwareException("FAT on " + io.name() + ": " + what + " has a cluster chain longer than "
                        + limit + " clusters (" + (limit == clusters ? "a loop" : "more than its size needs") + ")");
            }
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(limit, (long) out.length * 2));
            }
            out[n++] = c;
            int v = get(c);
            if (isEndOfChain(v)) {
                break;
            }
            if (v == 0) {
                throw new HardwareException("FAT on " + io.name() + ": " + what + " runs into free cluster " + c);
            }
            if (v == type.badCluster()) {
                throw new HardwareException("FAT on " + io.name() + ": " + what + " runs into bad cluster " + c);
            }
            c = v;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Finds {@code n} free clusters from the next-free hint on (next fit: contiguous on a fresh volume). */
    int[] findFree(int n) {
        if (n > freeCount) {
            return null;
        }
        int[] out = new int[n];
        int found = 0;
        int c = nextFree;
        for (long scanned = 0; found < n && scanned < clusters; scanned++) {
            if (get(c) == 0) {
                out[found++] = c;
            }
            c = c + 1 >= clusters + 2 ? 2 : c + 1;
        }
        return found == n ? out : null;
    }

    /** Links clusters into a chain ending in EOC, appended to {@code tail} (0: a new chain). */
    void link(int tail, int[] chain) {
        for (int i = 0; i < chain.length; i++) {
            set(chain[i], i + 1 < chain.length ? chain[i + 1] : type.endOfChain());
        }
        if (tail != 0 && chain.length > 0) {
            set(tail, chain[0]);
        }
        if (chain.length > 0) {
            int last = chain[chain.length - 1];
            nextFree = last + 1 >= clusters + 2 ? 2 : last + 1;
        }
    }

    void endChainAt(int c) {
        set(c, type.endOfChain());
    }

    void free(int[] chain, int from) {
        for (int i = from; i < chain.length; i++) {
            set(chain[i], 0);
        }
    }

    /** Writes changed sectors to each copy in turn (all copies when mirrored, else the active one). */
    void flush() {
        if (dirtySectors.isEmpty()) {
            return;
        }
        int bps = bs.bytesPerSector();
        int eb = type.entryBytes();
        int perSector = bps / eb;
        for (int copy = 0; copy < bs.numFats(); copy++) {
            if (!bs.mirrored() && copy != bs.activeFat()) {
                continue;
            }
            long base = bs.fatOffset(copy);
            for (int s = dirtySectors.nextSetBit(0); s >= 0; ) {
                int end = dirtySectors.nextClearBit(s);
                int runEnd = Math.min(end, s + CHUNK / bps);
                ByteBuffer buf = ByteBuffer.allocate((runEnd - s) * bps).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = s * perSector; i < runEnd * perSector; i++) {
                    int v = i < entries.length ? entries[i] : 0;
                    if (eb == 4) {
                        buf.putInt(v);
                    } else {
                        buf.putShort((short) v);
                    }
                }
                buf.flip();
                io.write(base + (long) s * bps, buf);
                s = runEnd < end ? runEnd : dirtySectors.nextSetBit(end);
            }
        }
        dirtySectors.clear();
    }
}
