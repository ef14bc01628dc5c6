package dev.bronze.hardware.modalias;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alias patterns of one index ({@code modules.alias}, {@code modules.symbols} or the built-in
 * aliases), searched with kmod's exact semantics and order, fast.
 *
 * <p>kmod's rule, read from libkmod's {@code index_searchwild}: a pattern whose first wildcard
 * ({@code *}, {@code ?}, {@code [}) is at {@code w} matches a modalias when the first {@code w}
 * bytes are equal and {@code fnmatch(pattern[w..], modalias[w..], 0)} succeeds. Results are
 * ordered by module priority; equal priorities (all built-ins share 0) come in the reverse of the
 * order libkmod's tree walk meets the patterns, which is a fixed order on patterns:
 * shorter literal start first, then {@code *} before {@code ?} before {@code [} before an exact
 * key, then post-order (a longer key before its prefix, else byte order).
 *
 * <p>Speed: patterns are grouped by their literal start, so a modalias only meets the groups of its
 * own prefixes (a PCI device never sees a USB pattern). Inside a big group (all {@code of:N*T*C...}
 * device-tree aliases share {@code of:N}) each pattern is also indexed by the rarest 4-byte piece of
 * its literal text, and a cheap necessary test (its literal pieces appear in order, its literal tail
 * ends the string) runs before fnmatch. The answer is identical to the plain walk ({@link KmodTrie});
 * a test checks that on every alias of real kernels.
 */
final class AliasIndex {

    /** A module with its kmod priority (lower first) and the normalised pattern that names it. */
    record Value(String module, int priority, String pattern) {
    }

    private static final int GRAM = 4;
    private static final int BIG_GROUP = 24;

    /** One pattern, precompiled. */
    private static final class Entry {
        final Value value;
        final int seq;          // insertion order
        final byte[] bytes;
        final int w;            // first wildcard, or length
        long visit;             // rank in libkmod's walk order (filled after sorting)
        final byte[][] pieces;  // literal pieces of bytes[w..] that must appear in order (may be empty)
        final byte[] tail;      // literal bytes the string must end with, or null
        final int minLength;
        final boolean plain;    // only literals, '?' and '*' after w

        Entry(Value value, int seq) {
            this.value = value;
            this.seq = seq;
            this.bytes = value.pattern().getBytes(StandardCharsets.UTF_8);
            int i = 0;
            while (i < bytes.length && !isWild(bytes[i])) {
                i++;
            }
            this.w = i;
            List<byte[]> ps = new ArrayList<>();
            byte[] t = null;
            int min = w;
            boolean plain = true;
            for (int k = w; k < bytes.length; k++) {
                if (bytes[k] == '\\' || bytes[k] == '[') {
                    plain = false;
                    break;
                }
            }
            if (plain && w < bytes.length) {
                int k = w;
                while (k < bytes.length) {
                    if (bytes[k] == '?') {
                        min++;
                        k++;
                    } else if (bytes[k] == '*') {
                        k++;
                    } else {
                        int start = k;
                        while (k < bytes.length && !isWild(bytes[k])) {
                            k++;
                        }
                        ps.add(Arrays.copyOfRange(bytes, start, k));
                        min += k - start;
                        if (k == bytes.length) {
                            t = ps.get(ps.size() - 1);
                        }
                    }
                }
            }
            this.pieces = ps.toArray(new byte[0][]);
            this.tail = t;
            this.minLength = plain ? min : w;
            this.plain = plain;
        }

        /** Walk class at depth w: '*' 0, '?' 1, '[' 2, exact key 3. */
        int kind() {
            if (w == bytes.length) {
                return 3;
            }
            return switch (bytes[w]) {
                case '*' -> 0;
                case '?' -> 1;
                default -> 2;
            };
        }

        /** Necessary for a match of bytes[w..] against key[w..]; cheap. */
        boolean mayMatch(byte[] key) {
            if (key.length < minLength) {
                return false;
            }
            if (tail != null && !endsWith(key, tail)) {
                return false;
            }
            int from = w;
            for (byte[] p : pieces) {
                int at = indexOf(key, p, from);
                if (at < 0) {
                    return false;
                }
                from = at + p.length;
            }
            return true;
        }

        boolean matches(byte[] key) {
            if (w == bytes.length) {
                return key.length == w; // the prefix already compared equal
            }
            if (!mayMatch(key)) {
                return false;
            }
            if (plain) {
                return Fnmatch.matchesPlain(bytes, w, key, w);
            }
            return Fnmatch.matches(Arrays.copyOfRange(bytes, w, bytes.length), Arrays.copyOfRange(key, w, key.length));
        }
    }

    /** Patterns sharing one literal start. */
    private static final class Group {
        final byte[] prefix;
        Group next;                   // another prefix with the same hash
        final List<Entry> entries = new ArrayList<>();

        Group(byte[] prefix) {
            this.prefix = prefix;
        }
        IntTable<int[]> byGram;       // gram -> entry indexes (big groups only)
        int[] unindexed;              // entries without a usable gram (big groups only)

        void seal(LongTable<int[]> gramFrequency) {
            if (entries.size() < BIG_GROUP) {
                return;
            }
            Map<Integer, List<Integer>> idx = new HashMap<>();
            List<Integer> rest = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                int best = 0;
                int bestFreq = Integer.MAX_VALUE;
                boolean found = false;
                for (byte[] p : e.pieces) {
                    for (int k = 0; k + GRAM <= p.length; k++) {
                        int g = gram(p, k);
                        int[] c = gramFrequency.get(g);
                        int f = c == null ? 0 : c[0];
                        if (f < bestFreq) {
                            bestFreq = f;
                            best = g;
                            found = true;
                        }
                    }
                }
                if (found) {
                    idx.computeIfAbsent(best, k -> new ArrayList<>()).add(i);
                } else {
                    rest.add(i);
                }
            }
            byGram = new IntTable<>(idx.size());
            idx.forEach((g, l) -> byGram.put(g, l.stream().mapToInt(Integer::intValue).toArray()));
            unindexed = rest.stream().mapToInt(Integer::intValue).toArray();
        }

        void collect(byte[] key, List<Entry> out) {
            if (byGram == null) {
                for (Entry e : entries) {
                    if (e.matches(key)) {
                        out.add(e);
                    }
                }
                return;
            }
            long[] seen = new long[(entries.size() + 63) >>> 6];
            for (int i : unindexed) {
                seen[i >>> 6] |= 1L << i;
            }
            for (int k = 0; k + GRAM <= key.length; k++) {
                int[] c = byGram.get(gram(key, k));
                if (c != null) {
                    for (int i : c) {
                        seen[i >>> 6] |= 1L << i;
                    }
                }
            }
            for (int word = 0; word < seen.length; word++) {
                long bits = seen[word];
                while (bits != 0) {
                    int i = (word << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    Entry e = entries.get(i);
                    if (e.matches(key)) {
                        out.add(e);
                    }
                }
            }
        }
    }

    // Hash of every prefix of every literal start -> the groups whose literal start has that hash
    // (none for a mere path prefix). A lookup walks the modalias byte by byte and stops as soon as
    // no literal start continues that way, like a trie walk, without a trie's pointer chasing.
    private final LongTable<Slot> prefixes;

    /** One prefix hash: the groups ending there (a chain on the rare collision), maybe none. */
    private static final class Slot {
        Group groups;
    }
    private final List<Value> values;
    private volatile KmodTrie trie;    // built on first use, for modaliases with wildcard bytes
    private final int size;

    private AliasIndex(LongTable<Slot> prefixes, List<Value> values) {
        this.prefixes = prefixes;
        this.values = values;
        this.size = values.size();
    }

    int size() {
        return size;
    }

    /** Builds the index from (normalised pattern, module, priority) values, in insertion order. */
    static AliasIndex build(List<Value> values) {
        List<Entry> all = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            all.add(new Entry(values.get(i), i));
        }
        // libkmod's walk order decides only between equal priorities of different modules (all
        // built-ins share 0); when every module has a priority of its own, ties are between one
        // module's own patterns, whose order cannot be seen, and the sort is skipped.
        if (prioritiesShared(values)) {
            List<Entry> sorted = new ArrayList<>(all);
            // Patterns with different literal starts never meet in one search; ordering them by
            // their start only keeps equal patterns next to each other for the ranking below.
            sorted.sort(Comparator.<Entry>comparingInt(e -> e.w).thenComparingInt(Entry::kind)
                    .thenComparing((a, b) -> Arrays.compareUnsigned(a.bytes, 0, a.w, b.bytes, 0, b.w))
                    .thenComparing((a, b) -> postOrder(a.bytes, a.w + 1, b.bytes, b.w + 1)));
            long rank = 0;
            for (int i = 0; i < sorted.size(); i++) {
                if (i > 0 && !Arrays.equals(sorted.get(i).bytes, sorted.get(i - 1).bytes)) {
                    rank++;
                }
                sorted.get(i).visit = rank;
            }
        }
        Map<String, Group> byPrefix = new HashMap<>();
        for (Entry e : all) {
            String prefix = new String(e.bytes, 0, e.w, StandardCharsets.ISO_8859_1);
            byPrefix.computeIfAbsent(prefix, k -> new Group(Arrays.copyOf(e.bytes, e.w))).entries.add(e);
        }
        // Only patterns of big groups get a gram, so only they are counted.
        LongTable<int[]> freq = new LongTable<>(1024);
        for (Group g : byPrefix.values()) {
            if (g.entries.size() < BIG_GROUP) {
                continue;
            }
            for (Entry e : g.entries) {
                for (byte[] p : e.pieces) {
                    for (int k = 0; k + GRAM <= p.length; k++) {
                        int gr = gram(p, k);
                        int[] c = freq.get(gr);
                        if (c == null) {
                            freq.put(gr, new int[] {1});
                        } else {
                            c[0]++;
                        }
                    }
                }
            }
        }
        int pathBytes = 0;
        for (Group g : byPrefix.values()) {
            pathBytes += g.prefix.length + 1;
        }
        LongTable<Slot> table = new LongTable<>(Math.min(pathBytes, 4 * byPrefix.size() + 1024));
        for (Group g : byPrefix.values()) {
            g.seal(freq);
            long[] h = PrefixHash.all(g.prefix);
            Slot end = null;
            for (long x : h) {
                end = table.get(x);
                if (end == null) {
                    end = new Slot();
                    table.put(x, end);
                }
            }
            g.next = end.groups;
            end.groups = g;
        }
        return new AliasIndex(table, List.copyOf(values));
    }

    /** True when two different modules share a priority: then libkmod's walk order shows. */
    private static boolean prioritiesShared(List<Value> values) {
        Map<Integer, String> owner = new HashMap<>();
        for (Value v : values) {
            String prev = owner.putIfAbsent(v.priority(), v.module());
            if (prev != null && !prev.equals(v.module())) {
                return true;
            }
        }
        return false;
    }

    /** All values whose pattern matches {@code key}, in libkmod's order. */
    List<Value> search(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        for (byte b : k) {
            if (b == '*' || b == '?' || b == '[' || b < 0) {
                return walk().search(key);
            }
        }
        List<Entry> found = new ArrayList<>(4);
        long h = PrefixHash.SEED;
        for (int len = 0; ; len++) {
            Slot slot = prefixes.get(h ^ len);
            if (slot == null) {
                break;
            }
            for (Group g = slot.groups; g != null; g = g.next) {
                if (g.prefix.length == len && Arrays.equals(g.prefix, 0, len, k, 0, len)) {
                    g.collect(k, found);
                    break;
                }
            }
            if (len == k.length) {
                break;
            }
            h = PrefixHash.step(h, k[len]);
        }
        if (found.isEmpty()) {
            return List.of();
        }
        found.sort(Comparator.<Entry>comparingInt(e -> e.value.priority())
                .thenComparing(Comparator.<Entry>comparingLong(e -> e.visit).reversed())
                .thenComparingInt(e -> e.seq));
        List<Value> out = new ArrayList<>(found.size());
        for (Entry e : found) {
            out.add(e.value);
        }
        return out;
    }

    /** libkmod's walk itself, for the keys the grouping does not model. */
    List<Value> searchByWalk(String key) {
        return walk().search(key);
    }

    private KmodTrie walk() {
        KmodTrie t = trie;
        if (t == null) {
            synchronized (this) {
                t = trie;
                if (t == null) {
                    t = KmodTrie.build(values);
                    trie = t;
                }
            }
        }
        return t;
    }

    /** Post-order of the walk below a wildcard: children (longer keys) before their prefix, else byte order. */
    private static int postOrder(byte[] a, int ai, byte[] b, int bi) {
        while (ai < a.length && bi < b.length) {
            int x = a[ai] & 0xff;
            int y = b[bi] & 0xff;
            if (x != y) {
                return Integer.compare(x, y);
            }
            ai++;
            bi++;
        }
        boolean aEnds = ai >= a.length;
        boolean bEnds = bi >= b.length;
        if (aEnds && bEnds) {
            return 0;
        }
        return aEnds ? 1 : -1; // the shorter one is the parent: it comes after
    }

    private static boolean isWild(byte b) {
        return b == '*' || b == '?' || b == '[';
    }

    private static int gram(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static boolean endsWith(byte[] s, byte[] tail) {
        int off = s.length - tail.length;
        if (off < 0) {
            return false;
        }
        for (int i = 0; i < tail.length; i++) {
            if (s[off + i] != tail[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] s, byte[] p, int from) {
        outer:
        for (int i = from; i + p.length <= s.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (s[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A 64-bit hash of a byte prefix, computable for every prefix of a key in one pass. */
    static final class PrefixHash {
        private static final long MUL = 0x9E3779B97F4A7C15L;
        static final long SEED = 0x2545F4914F6CDD1DL;

        static long step(long h, byte b) {
            return (h ^ (b & 0xff)) * MUL;
        }

        private PrefixHash() {
        }

        /** h[n] is the hash of the first n bytes. */
        static long[] all(byte[] b) {
            long[] out = new long[b.length + 1];
            long h = SEED;
            out[0] = h;
            for (int i = 0; i < b.length; i++) {
                h = (h ^ (b[i] & 0xff)) * MUL;
                out[i + 1] = h ^ (i + 1);
            }
            return out;
        }
    }

    /** Open addressing, long keys, no boxing: the per-lookup path must not allocate much. */
    static final class LongTable<V> {
        private long[] keys;
        private Object[] vals;
        private int mask;
        private int size;

        LongTable(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
            keys = new long[cap];
            vals = new Object[cap];
            mask = cap - 1;
        }

        void put(long key, Object value) {
            if ((size + 1) * 2 > keys.length) {
                grow();
            }
            int i = (int) mix(key) & mask;
            while (vals[i] != null && keys[i] != key) {
                i = (i + 1) & mask;
            }
            if (vals[i] == null) {
                size++;
            }
            keys[i] = key;
            vals[i] = value;
        }

        private void grow() {
            long[] k = keys;
            Object[] v = vals;
            keys = new long[k.length * 2];
            vals = new Object[k.length * 2];
            mask = keys.length - 1;
            size = 0;
            for (int i = 0; i < k.length; i++) {
                if (v[i] != null) {
                    put(k[i], v[i]);
                }
            }
        }

        @SuppressWarnings("unchecked")
        V get(long key) {
            int i = (int) mix(key) & mask;
            while (vals[i] != null) {
                if (keys[i] == key) {
                    return (V) vals[i];
                }
                i = (i + 1) & mask;
            }
            return null;
        }

        static long mix(long z) {
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return z ^ (z >>> 33);
        }
    }

    /** Open addressing, int keys. */
    static final class IntTable<V> {
        private final LongTable<V> table;

        IntTable(int expected) {
            table = new LongTable<>(expected);
        }

        void put(int key, V value) {
            table.put(key, value);
        }

        V get(int key) {
            return table.get(key);
        }
    }
}
