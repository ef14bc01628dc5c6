package dev.bronze.hardware.inventory;

import dev.bronze.hardware.SysRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers over {@link SysRoot} for sysfs attributes and links. */
final class Sysfs {

    private Sysfs() {
    }

    /** The last path component of a link's target ("../../bus/pci/drivers/igb" gives "igb"). */
    static Optional<String> linkName(SysRoot root, String rel) {
        return root.readLink(rel).map(t -> {
            String s = t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
            String last = s.substring(s.lastIndexOf('/') + 1);
            if (last.equals("..") || last.equals(".") || last.isEmpty()) {
                // A link written as "../.." names its target only once resolved.
                try {
                    java.nio.file.Path real = root.path(rel).toRealPath();
                    return real.getFileName() == null ? "" : real.getFileName().toString();
                } catch (java.io.IOException | SecurityException e) {
                    return "";
                }
            }
            return last;
        }).filter(s -> !s.isEmpty());
    }

    static String text(SysRoot root, String rel) {
        return root.text(rel).orElse(null);
    }

    /** A hex attribute such as {@code 0x8086}, without the prefix, lower case. */
    static String hex(SysRoot root, String rel) {
        String v = text(root, rel);
        if (v == null) {
            return null;
        }
        v = v.toLowerCase(java.util.Locale.ROOT);
        return v.startsWith("0x") ? v.substring(2) : v;
    }

    static Integer integer(SysRoot root, String rel) {
        String v = text(root, rel);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Long longValue(SysRoot root, String rel) {
        String v = text(root, rel);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** NUL-separated device-tree string lists ({@code compatible}). */
    static List<String> stringList(SysRoot root, String rel) {
        List<String> out = new ArrayList<>();
        if (root.read(rel, 4096) instanceof dev.bronze.hardware.SysRead.Content c && !c.truncated()) {
            String all = new String(c.bytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String s : all.split("\0")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }
}
