package dev.bronze.hardware.devicetree;

import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The flattened device tree the kernel exposes, read through {@link SysRoot}.
 *
 * <p>{@code sys/firmware/devicetree/base} is the canonical location; {@code proc/device-tree} is a
 * symlink to it on every kernel since 3.x but is the only one present in some minimal or old
 * fixture trees and chroots, so both are tried. Every read is bounded: a property larger than
 * {@link #MAX_PROPERTY_BYTES} is treated as unavailable.
 */
public final class DeviceTree {

    /** Device-tree strings we use (model, compatible, serial) are a few hundred bytes at most. */
    public static final int MAX_PROPERTY_BYTES = 4096;

    static final String[] BASES = {"sys/firmware/devicetree/base", "proc/device-tree"};

    private final SysRoot root;
    private final String base;

    private DeviceTree(SysRoot root, String base) {
        this.root = root;
        this.base = base;
    }

    /** The device tree of {@code root}, or empty on machines without one (x86 with ACPI). */
    public static Optional<DeviceTree> of(SysRoot root) {
        for (String b : BASES) {
            if (root.isDirectory(b)) {
                return Optional.of(new DeviceTree(root, b));
            }
        }
        return Optional.empty();
    }

    /** Where the tree was found, relative to the root (for evidence lines). */
    public String base() {
        return base;
    }

    /** The raw bytes of a property, e.g. {@code "model"} or {@code "system/linux,revision"}. */
    public SysRead property(String rel) {
        return root.read(base + "/" + rel, MAX_PROPERTY_BYTES);
    }

    public boolean exists(String rel) {
        return root.exists(base + "/" + rel);
    }

    /** Child node and property names of a node ({@code ""} for the root node). */
    public List<String> children(String rel) {
        return root.list(rel.isEmpty() ? base : base + "/" + rel);
    }

    /** A NUL-terminated string property as text. */
    public Optional<String> string(String rel) {
        List<String> l = stringList(rel);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /**
     * A string-list property ({@code compatible}): NUL-separated strings. Empty when absent,
     * oversized or not printable, so binary garbage never becomes a board name.
     */
    public List<String> stringList(String rel) {
        if (!(property(rel) instanceof SysRead.Content c) || c.truncated()) {
            return List.of();
        }
        return parseStringList(c.bytes());
    }

    /** A big-endian u32 cell (as the firmware writes {@code system/linux,revision}). */
    public Optional<Long> u32(String rel) {
        if (property(rel) instanceof SysRead.Content c && !c.truncated() && c.bytes().length == 4) {
            byte[] b = c.bytes();
            return Optional.of(((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL));
        }
        return Optional.empty();
    }

    /** Splits a device-tree string list; returns empty when any string is not printable ASCII/UTF-8. */
    public static List<String> parseStringList(byte[] bytes) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                if (i > start) {
                    for (int j = start; j < i; j++) {
                        int b = bytes[j] & 0xff;
                        if (b < 0x20 || b == 0x7f) {
                            return List.of();
                        }
                    }
                    String s = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                    if (s.indexOf('\uFFFD') >= 0) {
                        return List.of();
                    }
                    s = s.strip();
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                }
                start = i + 1;
            }
        }
        return List.copyOf(out);
    }
}
