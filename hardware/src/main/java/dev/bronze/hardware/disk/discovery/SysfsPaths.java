package dev.bronze.hardware.disk.discovery;

import dev.bronze.hardware.SysRoot;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Resolving sysfs's relative symlinks as text, so that a fixture tree behaves like /sys. */
final class SysfsPaths {

    private SysfsPaths() {
    }

    /**
     * The root-relative directory a link at {@code dir/name} points to, or empty when it is no link
     * or points outside the root.
     */
    static Optional<String> follow(SysRoot root, String dir, String name) {
        return root.readLink(dir + "/" + name).flatMap(t -> join(dir, t));
    }

    /** {@code base} joined with a relative (or root-absolute) {@code target}, normalised as text. */
    static Optional<String> join(String base, String target) {
        Deque<String> parts = new ArrayDeque<>();
        if (!target.startsWith("/")) {
            for (String p : base.split("/")) {
                if (!p.isEmpty()) {
                    parts.addLast(p);
                }
            }
        }
        for (String p : target.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return Optional.of(String.join("/", parts));
    }

    /** The last path component. */
    static String base(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }

    /** Everything before the last path component ("" when there is none). */
    static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }
}
