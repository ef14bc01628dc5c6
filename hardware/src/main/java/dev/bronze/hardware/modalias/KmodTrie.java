package dev.bronze.hardware.modalias;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A literal model of the index depmod writes as {@code modules.alias.bin} and of libkmod's
 * {@code index_searchwild}: a radix (Patricia) tree of alias patterns whose values are modules
 * with a priority. The search walks the tree with the literal bytes of the modalias; wherever a key
 * continues with {@code *}, {@code ?} or {@code [} it takes every key below that point and keeps
 * those that {@link Fnmatch} matches against the rest of the modalias. Values are merged by
 * priority; values of equal priority come out in the reverse of the order the walk met them, as
 * libkmod's list insertion does.
 *
 * <p>{@link AliasIndex} answers the same, faster; this walk is its reference, and the answer for
 * the rare modalias that itself contains {@code *?[} (where the walk's literal descent into
 * wildcard edges matters).
 */
final class KmodTrie {

    private static final class Node {
        byte[] prefix = new byte[0];
        byte[] edges = new byte[0];   // sorted by unsigned value
        Node[] children = new Node[0];
        List<AliasIndex.Value> values = List.of();
        byte[] key;                   // the whole key of a node that has values
    }

    private final Node root;
    private final int size;

    private KmodTrie(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    int size() {
        return size;
    }

    /** Builds the index from (normalised pattern, module, priority) triples, in insertion order. */
    static KmodTrie build(List<AliasIndex.Value> entries) {
        MutableNode top = new MutableNode();
        for (AliasIndex.Value v : entries) {
            byte[] key = v.pattern().getBytes(StandardCharsets.UTF_8);
            MutableNode n = top;
            for (byte b : key) {
                n = n.children.computeIfAbsent(b & 0xff, k -> new MutableNode());
            }
            // depmod's insert: before the first value whose priority is not lower.
            int at = 0;
            while (at < n.values.size() && n.values.get(at).priority() < v.priority()) {
                at++;
            }
            n.values.add(at, v);
            n.key = key;
        }
        return new KmodTrie(compress(top, new byte[0]), entries.size());
    }

    private static final class MutableNode {
        final TreeMap<Integer, MutableNode> children = new TreeMap<>();
        final List<AliasIndex.Value> values = new ArrayList<>();
        byte[] key;
    }

    /** Path compression: a node without values and with one child merges with it (a Patricia tree). */
    private static Node compress(MutableNode m, byte[] unused) {
        Node n = new Node();
        java.io.ByteArrayOutputStream prefix = new java.io.ByteArrayOutputStream();
        while (m.values.isEmpty() && m.children.size() == 1) {
            var only = m.children.firstEntry();
            prefix.write(only.getKey());
            m = only.getValue();
        }
        n.prefix = prefix.toByteArray();
        n.values = List.copyOf(m.values);
        n.key = m.key;
        n.edges = new byte[m.children.size()];
        n.children = new Node[m.children.size()];
        int i = 0;
        for (var e : m.children.entrySet()) {
            n.edges[i] = (byte) (int) e.getKey();
            n.children[i] = compress(e.getValue(), null);
            i++;
        }
        return n;
    }

    /** All values whose pattern matches {@code key}, in libkmod's order. */
    List<AliasIndex.Value> search(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        List<AliasIndex.Value> out = new ArrayList<>();
        searchNode(root, k, 0, 0, out);
        return out;
    }

    /** Exact lookup (no wildcards), as libkmod's {@code index_search}. */
    boolean containsExact(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        Node node = root;
        int i = 0;
        while (node != null) {
            for (byte b : node.prefix) {
                if (i >= k.length || k[i] != b) {
                    return false;
                }
                i++;
            }
            if (i == k.length) {
                return !node.values.isEmpty();
            }
            node = child(node, k[i] & 0xff, true);
            i++;
        }
        return false;
    }

    private static Node child(Node n, int ch, boolean fromKey) {
        // libkmod passes a signed char from the key: bytes >= 0x80 never find a child (x86 ABI).
        if (fromKey && ch >= 0x80) {
            return null;
        }
        int lo = 0;
        int hi = n.edges.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int e = n.edges[mid] & 0xff;
            if (e < ch) {
                lo = mid + 1;
            } else if (e > ch) {
                hi = mid - 1;
            } else {
                return n.children[mid];
            }
        }
        return null;
    }

    /** Level 2: descend with literal bytes until a wildcard. {@code depth} is the key length so far. */
    private void searchNode(Node node, byte[] key, int i, int depth, List<AliasIndex.Value> out) {
        while (node != null) {
            int j = 0;
            for (; j < node.prefix.length; j++) {
                int ch = node.prefix[j] & 0xff;
                if (ch == '*' || ch == '?' || ch == '[') {
                    searchAll(node, depth + j, key, i + j, out);
                    return;
                }
                if (i + j >= key.length || (key[i + j] & 0xff) != ch) {
                    return;
                }
            }
            i += j;
            depth += j;
            for (int w : new int[] {'*', '?', '['}) {
                Node c = child(node, w, false);
                if (c != null) {
                    searchAll(c, depth, key, i, out);
                }
            }
            if (i == key.length) {
                addAll(node, out);
                return;
            }
            node = child(node, key[i] & 0xff, true);
            i++;
            depth++;
        }
    }

    /**
     * Level 3: every key below {@code node}; {@code from} is where the wildcard part of the key
     * starts (what libkmod has in its buffer), {@code sub} where the rest of the modalias starts.
     */
    private void searchAll(Node node, int from, byte[] key, int sub, List<AliasIndex.Value> out) {
        for (Node c : node.children) {
            searchAll(c, from, key, sub, out);
        }
        if (!node.values.isEmpty()) {
            byte[] pattern = Arrays.copyOfRange(node.key, from, node.key.length);
            byte[] rest = Arrays.copyOfRange(key, Math.min(sub, key.length), key.length);
            if (Fnmatch.matches(pattern, rest)) {
                addAll(node, out);
            }
        }
    }

    /** libkmod's add_value: insert before the first value whose priority is not lower. */
    private static void addAll(Node node, List<AliasIndex.Value> out) {
        for (AliasIndex.Value v : node.values) {
            int at = 0;
            while (at < out.size() && out.get(at).priority() < v.priority()) {
                at++;
            }
            out.add(at, v);
        }
    }
}
