package dev.bronze.hardware.fat;

import dev.bronze.hardware.HardwareException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One directory's 32-byte slots, held in memory with the nodes parsed from them (fatgen103 §6,
 * §7). Changes are made to the bytes and written back slot range by slot range; the caller orders
 * those writes.
 */
final class Directory {

    static final int SLOT = 32;
    /** fatgen103 §6: a directory holds at most 65536 entries (2 MiB); more is a corrupted or hostile one. */
    static final int MAX_SLOTS = 65536;
    static final int ATTR_READ_ONLY = 0x01;
    static final int ATTR_HIDDEN = 0x02;
    static final int ATTR_SYSTEM = 0x04;
    static final int ATTR_VOLUME_ID = 0x08;
    static final int ATTR_DIRECTORY = 0x10;
    static final int ATTR_ARCHIVE = 0x20;
    static final int ATTR_LONG_NAME = 0x0F;
    static final int LFN_LAST = 0x40;
    static final int LFN_CHARS = 13;
    private static final int[] LFN_OFFSETS = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
    static final int DELETED = 0xE5;

    /** A named entry: its LFN slots (if any) run from firstSlot to shortSlot - 1. */
    record Node(String name, String shortKey, String shortDisplay, int firstSlot, int shortSlot) {
        int slotCount() {
            return shortSlot - firstSlot + 1;
        }
    }

    private final BootSector bs;
    private final VolumeIo io;
    final int cluster;
    private final boolean fixedRoot;
    private int[] chain;
    private byte[] data;
    private final TreeMap<Integer, Node> bySlot = new TreeMap<>();
    private final Map<String, Node> byName = new HashMap<>();
    private final Map<String, Node> byShortDisplay = new HashMap<>();
    private final Map<String, Node> byShortKey = new HashMap<>();
    private int end;
    private int deletedSlots;
    private String label;

    private Directory(BootSector bs, VolumeIo io, int cluster, boolean fixedRoot, int[] chain, byte[] data) {
        this.bs = bs;
        this.io = io;
        this.cluster = cluster;
        this.fixedRoot = fixedRoot;
        this.chain = chain;
        this.data = data;
        parse();
    }

    static Directory fixedRoot(BootSector bs, VolumeIo io) {
        byte[] d = io.read(bs.rootDirOffset(), bs.rootEntries() * SLOT);
        return new Directory(bs, io, 0, true, null, d);
    }

    static Directory load(BootSector bs, VolumeIo io, FatTable fat, int cluster, String what) {
        long maxClusters = ((long) MAX_SLOTS * SLOT + bs.clusterBytes() - 1) / bs.clusterBytes();
        int[] chain;
        try {
            chain = fat.chain(cluster, maxClusters, what);
        } catch (HardwareException e) {
            if (e.getMessage().contains("longer than")) {
                throw new HardwareException("FAT on " + io.name() + ": " + what + " is larger than "
                        + MAX_SLOTS + " entries (a loop or a hostile directory)");
            }
            throw e;
        }
        if (chain.length == 0) {
            throw new HardwareException("FAT on " + io.name() + ": " + what + " has no clusters");
        }
        int cb = bs.clusterBytes();
        byte[] d = new byte[chain.length * cb];
        int i = 0;
        while (i < chain.length) {
            int j = i + 1;
            while (j < chain.length && chain[j] == chain[j - 1] + 1) {
                j++;
            }
            ByteBuffer b = ByteBuffer.wrap(d, i * cb, (j - i) * cb);
            io.read(clusterOffset(bs, chain[i]), b);
            i = j;
        }
        return new Directory(bs, io, cluster, false, chain, d);
    }

    static long clusterOffset(BootSector bs, int c) {
        return bs.dataOffset() + (long) (c - 2) * bs.clusterBytes();
    }

    int slots() {
        return data.length / SLOT;
    }

    boolean fixedRoot() {
        return fixedRoot;
    }

    int[] chain() {
        return chain;
    }

    String label() {
        return label;
    }

    private void parse() {
        int slots = slots();
        end = slots;
        int lfnCount = 0;
        int lfnNext = 0;
        int lfnSum = -1;
        int lfnFirst = -1;
        char[] chars = new char[20 * LFN_CHARS];
        for (int i = 0; i < slots; i++) {
            int off = i * SLOT;
            int b0 = data[off] & 0xFF;
            if (b0 == 0) {
                end = i;
                break;
            }
            if (b0 == DELETED) {
                deletedSlots++;
                lfnNext = 0;
                continue;
            }
            int attr = data[off + 11] & 0xFF;
            if ((attr & 0x3F) == ATTR_LONG_NAME) {
                int ord = b0 & 0x3F;
                if ((b0 & LFN_LAST) != 0 && ord >= 1 && ord <= 20) {
                    lfnCount = ord;
                    lfnSum = data[off + 13] & 0xFF;
                    lfnFirst = i;
                    lfnNext = ord;
                }
                if (lfnNext != 0 && ord == lfnNext && (data[off + 13] & 0xFF) == lfnSum) {
                    for (int k = 0; k < LFN_CHARS; k++) {
                        int p = off + LFN_OFFSETS[k];
                        chars[(ord - 1) * LFN_CHARS + k] = (char) ((data[p] & 0xFF) | (data[p + 1] & 0xFF) << 8);
                    }
                    lfnNext = ord - 1 == 0 ? -1 : ord - 1; // -1: complete, waiting for its short entry
                } else {
                    lfnNext = 0;
                }
                continue;
            }
            if ((attr & ATTR_VOLUME_ID) != 0) {
                if (label == null && fixedRootOrRoot()) {
                    label = new String(data, off, 11, java.nio.charset.StandardCharsets.ISO_8859_1).stripTrailing();
                }
                lfnNext = 0;
                continue;
            }
            byte[] raw = Arrays.copyOfRange(data, off, off + 11);
            if (raw[0] == '.') {
                lfnNext = 0;
                continue; // "." and "..": not children
            }
            String longName = null;
            if (lfnNext == -1 && ShortName.checksum(raw, 0) == lfnSum) {
                int len = 0;
                while (len < lfnCount * LFN_CHARS && chars[len] != 0) {
                    len++;
                }
                if (len > 0) {
                    longName = new String(chars, 0, len);
                }
            }
            String display = ShortName.display(raw, data[off + 12] & 0xFF);
            int first = longName != null ? lfnFirst : i;
            addNode(new Node(longName != null ? longName : display, ShortName.key(raw), display, first, i));
            lfnNext = 0;
        }
    }

    private boolean fixedRootOrRoot() {
        return fixedRoot || cluster == bs.rootCluster();
    }

    private void addNode(Node n) {
        if (byName.putIfAbsent(ShortName.upcase(n.name()), n) != null) {
            return; // a duplicate in a damaged directory: the first one wins, as in other readers
        }
        bySlot.put(n.shortSlot(), n);
        byShortDisplay.putIfAbsent(ShortName.upcase(n.shortDisplay()), n);
        byShortKey.putIfAbsent(n.shortKey(), n);
    }

    /** Drops a node from the lookups only; its slots stay in use until they are marked deleted. */
    void forget(Node n) {
        removeNode(n);
    }

    private void removeNode(Node n) {
        bySlot.remove(n.shortSlot());
        byName.remove(ShortName.upcase(n.name()), n);
        byShortDisplay.remove(ShortName.upcase(n.shortDisplay()), n);
        byShortKey.remove(n.shortKey(), n);
    }

    /** Case-insensitive, by long name or by 8.3 alias, as FAT drivers look names up. */
    Node find(String name) {
        String u = ShortName.upcase(name);
        Node n = byName.get(u);
        return n != null ? n : byShortDisplay.get(u);
    }

    boolean shortTaken(String key) {
        return byShortKey.containsKey(key);
    }

    List<Node> nodes() {
        return new ArrayList<>(bySlot.values());
    }

    boolean isEmpty() {
        return bySlot.isEmpty();
    }

    // ---- fields of a node's short entry

    ByteBuffer entry(int slot) {
        return ByteBuffer.wrap(data, slot * SLOT, SLOT).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    int attr(Node n) {
        return data[n.shortSlot() * SLOT + 11] & 0xFF;
    }

    int firstCluster(Node n) {
        ByteBuffer e = entry(n.shortSlot());
        int hi = bs.type() == FatType.FAT32 ? e.getShort(20) & 0xFFFF : 0;
        return (hi << 16) | (e.getShort(26) & 0xFFFF);
    }

    long size(Node n) {
        return entry(n.shortSlot()).getInt(28) & 0xFFFFFFFFL;
    }

    java.time.LocalDateTime modified(Node n) {
        ByteBuffer e = entry(n.shortSlot());
        return DosTime.decode(e.getShort(24) & 0xFFFF, e.getShort(22) & 0xFFFF);
    }

    // ---- changes

    /** The first run of {@code k} free slots (deleted or past the end marker), or -1. */
    int findRun(int k) {
        int slots = slots();
        if (deletedSlots > 0) {
            int run = 0;
            for (int i = 0; i < end; i++) {
                if ((data[i * SLOT] & 0xFF) == DELETED) {
                    if (++run == k) {
                        return i - k + 1;
                    }
                } else {
                    run = 0;
                }
            }
            // A run of deleted slots that reaches the end marker continues into the free tail.
            int start = end - run;
            if (start + k <= slots) {
                return start;
            }
            return -1;
        }
        return end + k <= slots ? end : -1;
    }

    /** Appends a newly allocated (already zeroed on disk) cluster to this directory's chain. */
    void grow(int newCluster) {
        if (fixedRoot) {
            throw new IllegalStateException("the FAT16 root directory cannot grow");
        }
        int cb = bs.clusterBytes();
        chain = Arrays.copyOf(chain, chain.length + 1);
        chain[chain.length - 1] = newCluster;
        data = Arrays.copyOf(data, data.length + cb);
    }

    boolean canGrow() {
        return !fixedRoot && slots() + bs.clusterBytes() / SLOT <= MAX_SLOTS;
    }

    /** Places a complete entry set (LFN slots then the short entry) at {@code start} in memory. */
    Node place(int start, String name, byte[][] set) {
        for (int i = 0; i < set.length; i++) {
            int s = start + i;
            if ((data[s * SLOT] & 0xFF) == DELETED) {
                deletedSlots--;
            }
            System.arraycopy(set[i], 0, data, s * SLOT, SLOT);
        }
        int shortSlot = start + set.length - 1;
        if (shortSlot >= end) {
            end = shortSlot + 1;
        }
        byte[] raw = Arrays.copyOf(set[set.length - 1], 11);
        Node n = new Node(name, ShortName.key(raw), ShortName.display(raw, 0), start, shortSlot);
        addNode(n);
        return n;
    }

    /** Marks a node's slots deleted in memory; returns it for the writes. */
    void markDeleted(Node n) {
        for (int s = n.firstSlot(); s <= n.shortSlot(); s++) {
            data[s * SLOT] = (byte) DELETED;
            deletedSlots++;
        }
        removeNode(n);
    }

    /** Replaces a node's entry set by one of the same length (a rename in place). */
    Node replaceInPlace(Node old, String name, byte[][] set) {
        removeNode(old);
        for (int i = 0; i < set.length; i++) {
            System.arraycopy(set[i], 0, data, (old.firstSlot() + i) * SLOT, SLOT);
        }
        byte[] raw = Arrays.copyOf(set[set.length - 1], 11);
        Node n = new Node(name, ShortName.key(raw), ShortName.display(raw, 0), old.firstSlot(), old.shortSlot());
        addNode(n);
        return n;
    }

    /** Device offset of a slot. */
    long slotOffset(int slot) {
        if (fixedRoot) {
            return bs.rootDirOffset() + (long) slot * SLOT;
        }
        int perCluster = bs.clusterBytes() / SLOT;
        return clusterOffset(bs, chain[slot / perCluster]) + (long) (slot % perCluster) * SLOT;
    }

    /** Writes slots [from, to] to the device, one write per physically contiguous piece. */
    void flushSlots(int from, int to) {
        int s = from;
        while (s <= to) {
            int e = s;
            while (e + 1 <= to && slotOffset(e + 1) == slotOffset(e) + SLOT) {
                e++;
            }
            io.write(slotOffset(s), ByteBuffer.wrap(data, s * SLOT, (e - s + 1) * SLOT));
            s = e + 1;
        }
    }

    /** True when the slots lie in one logical sector, so one sector write changes them all. */
    boolean inOneSector(int from, int to) {
        int bps = bs.bytesPerSector();
        return slotOffset(from) / bps == (slotOffset(to) + SLOT - 1) / bps
                && slotOffset(to) - slotOffset(from) == (long) (to - from) * SLOT;
    }

    // ---- entry encoding

    /** LFN slots (last part first, as stored) followed by the short entry. */
    static byte[][] entrySet(String longName, byte[] shortRaw, byte[] shortEntryTail) {
        int lfn = longName == null ? 0 : (longName.length() + LFN_CHARS - 1) / LFN_CHARS;
        byte[][] set = new byte[lfn + 1][];
        int sum = ShortName.checksum(shortRaw, 0);
        for (int k = 0; k < lfn; k++) {
            int ord = lfn - k;
            byte[] e = new byte[SLOT];
            e[0] = (byte) (ord | (k == 0 ? LFN_LAST : 0));
            e[11] = ATTR_LONG_NAME;
            e[13] = (byte) sum;
            for (int i = 0; i < LFN_CHARS; i++) {
                int idx = (ord - 1) * LFN_CHARS + i;
                int ch = idx < longName.length() ? longName.charAt(idx) : idx == longName.length() ? 0 : 0xFFFF;
                e[LFN_OFFSETS[i]] = (byte) ch;
                e[LFN_OFFSETS[i] + 1] = (byte) (ch >> 8);
            }
            set[k] = e;
        }
        byte[] s = new byte[SLOT];
        System.arraycopy(shortRaw, 0, s, 0, 11);
        System.arraycopy(shortEntryTail, 11, s, 11, SLOT - 11);
        set[lfn] = s;
        return set;
    }

    /** A short entry (name bytes to be filled in) with attributes, times, first cluster and size. */
    static byte[] shortEntry(int attr, DosTime t, int firstCluster, long size) {
        ByteBuffer e = ByteBuffer.allocate(SLOT).order(ByteOrder.LITTLE_ENDIAN);
        e.put(11, (byte) attr);
        e.put(13, (byte) t.tenths());
        e.putShort(14, (short) t.time());
        e.putShort(16, (short) t.date());
        e.putShort(18, (short) t.date());
        e.putShort(20, (short) (firstCluster >>> 16));
        e.putShort(22, (short) t.time());
        e.putShort(24, (short) t.date());
        e.putShort(26, (short) firstCluster);
        e.putInt(28, (int) size);
        return e.array();
    }

    /** The first cluster of a new directory: "." and ".." then end-of-directory zeros. */
    static byte[] newDirectoryCluster(int clusterBytes, int self, int parent, DosTime t) {
        byte[] d = new byte[clusterBytes];
        byte[] dot = shortEntry(ATTR_DIRECTORY, t, self, 0);
        System.arraycopy(BootSector.pad(".", 11), 0, dot, 0, 11);
        byte[] dotdot = shortEntry(ATTR_DIRECTORY, t, parent, 0);
        System.arraycopy(BootSector.pad("..", 11), 0, dotdot, 0, 11);
        System.arraycopy(dot, 0, d, 0, SLOT);
        System.arraycopy(dotdot, 0, d, SLOT, SLOT);
        return d;
    }

    /** Sets ".." (slot 1) of this directory to point at a new parent. */
    void setParent(int parentCluster) {
        ByteBuffer e = entry(1);
        e.putShort(20, (short) (parentCluster >>> 16));
        e.putShort(26, (short) parentCluster);
        flushSlots(1, 1);
    }

    int parentCluster() {
        if (fixedRoot || slots() < 2 || data[SLOT] != '.' || data[SLOT + 1] != '.') {
            return -1;
        }
        ByteBuffer e = entry(1);
        int hi = bs.type() == FatType.FAT32 ? e.getShort(20) & 0xFFFF : 0;
        return (hi << 16) | (e.getShort(26) & 0xFFFF);
    }
}
