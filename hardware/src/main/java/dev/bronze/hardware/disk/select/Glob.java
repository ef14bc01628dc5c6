package dev.bronze.hardware.disk.select;

import java.util.Locale;

/**
 * Shell-style patterns, matched case-insensitively over the whole value: {@code *} any run,
 * {@code ?} one character, {@code [abc]}, {@code [a-z]} and {@code [!a]} (or {@code [^a]}) one
 * character of a set, {@code \} quotes the next character. Matching is iterative with one
 * backtrack point, so time is bounded by pattern length times value length whatever the input.
 */
final class Glob {

    private final String pattern;

    private Glob(String pattern) {
        this.pattern = pattern.toLowerCase(Locale.ROOT);
    }

    /** Compiles {@code pattern}; a malformed one is an {@link IllegalArgumentException} saying why. */
    static Glob compile(String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 >= p.length()) {
                    throw new IllegalArgumentException("the pattern ends with a lone backslash");
                }
                i++;
            } else if (c == '[') {
                int end = classEnd(p, i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [ at character " + (i + 1) + " of the pattern");
                }
                i = end;
            }
        }
        return new Glob(pattern);
    }

    boolean matches(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        String p = pattern;
        int pi = 0;
        int vi = 0;
        int starP = -1;
        int starV = -1;
        while (vi < v.length()) {
            if (pi < p.length() && p.charAt(pi) == '*') {
                starP = pi++;
                starV = vi;
                continue;
            }
            int step = pi < p.length() ? matchOne(p, pi, v.charAt(vi)) : -1;
            if (step > 0) {
                pi += step;
                vi++;
            } else if (starP >= 0) {
                pi = starP + 1;
                vi = ++starV;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /** How many pattern characters matched {@code c} at {@code pi}, or -1 when it does not match. */
    private static int matchOne(String p, int pi, char c) {
        char pc = p.charAt(pi);
        if (pc == '?') {
            return 1;
        }
        if (pc == '\\') {
            return p.charAt(pi + 1) == c ? 2 : -1;
        }
        if (pc != '[') {
            return pc == c ? 1 : -1;
        }
        int end = classEnd(p, pi);
        int i = pi + 1;
        boolean negate = i < end && (p.charAt(i) == '!' || p.charAt(i) == '^');
        if (negate) {
            i++;
        }
        boolean hit = false;
        boolean firstInSet = true;
        while (i < end) {
            char lo = p.charAt(i);
            if (lo == ']' && !firstInSet) {
                break;
            }
            firstInSet = false;
            if (lo == '\\' && i + 1 < end) {
                lo = p.charAt(++i);
            }
            char hi = lo;
            if (i + 2 < end && p.charAt(i + 1) == '-') {
                hi = p.charAt(i + 2);
                if (hi == '\\' && i + 3 < end) {
                    hi = p.charAt(i + 3);
                    i++;
                }
                i += 2;
            }
            if (c >= lo && c <= hi) {
                hit = true;
            }
            i++;
        }
        return hit != negate ? end - pi + 1 : -1;
    }

    /** The index of the {@code ]} closing the class opened at {@code open}, or -1. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            i++;
        }
        // A ] right after [ or [! is a member, as in the shell.
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        for (; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
