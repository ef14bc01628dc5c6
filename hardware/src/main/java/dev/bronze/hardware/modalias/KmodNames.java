package dev.bronze.hardware.modalias;

import java.util.Optional;

/** kmod's name rules: '-' and '_' are the same in module names and aliases, except inside [...]. */
public final class KmodNames {

    /** kmod works in PATH_MAX buffers: longer input is cut at 4095 bytes. */
    static final int PATH_MAX = 4096;

    private KmodNames() {
    }

    /**
     * libkmod's {@code alias_normalize}: every '-' outside a bracket expression becomes '_'; an
     * unmatched ']' or an unterminated '[' makes the alias invalid (empty result), as depmod warns
     * "Unmatched bracket" and modprobe answers nothing.
     */
    public static Optional<String> normalizeAlias(String alias) {
        int n = Math.min(alias.length(), PATH_MAX - 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = alias.charAt(i);
            switch (c) {
                case '-' -> b.append('_');
                case ']' -> {
                    return Optional.empty();
                }
                case '[' -> {
                    while (i < n && alias.charAt(i) != ']') {
                        b.append(alias.charAt(i++));
                    }
                    if (i >= n) {
                        return Optional.empty();
                    }
                    b.append(']');
                }
                case '\0' -> {
                    return Optional.of(b.toString());
                }
                default -> b.append(c);
            }
        }
        return Optional.of(b.toString());
    }

    /** libkmod's {@code modname_normalize}: '-' becomes '_', and the name ends at the first '.'. */
    public static String normalizeModuleName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length() && i < PATH_MAX - 1; i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '\0') {
                break;
            }
            b.append(c == '-' ? '_' : c);
        }
        return b.toString();
    }

    /** The module name of a path in modules.dep / modules.order / modules.builtin ("kernel/a/b-c.ko.xz" → "b_c"). */
    public static String moduleNameOfPath(String path) {
        int slash = path.lastIndexOf('/');
        return normalizeModuleName(path.substring(slash + 1));
    }
}
