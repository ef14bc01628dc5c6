package dev.bronze.hardware.modalias;

import java.nio.charset.StandardCharsets;

/**
 * POSIX {@code fnmatch(pattern, string, 0)} with the exact behaviour of glibc in the C locale, the
 * way libkmod calls it for every wildcard alias. Java's {@code glob:} matcher is not this: there
 * {@code *} stops at {@code /} and braces are special.
 *
 * <p>Flags 0 means: {@code *} matches any run (slashes and leading dots included), {@code ?} one
 * byte, {@code \x} the byte x, {@code [...]} a bracket expression with ranges, {@code !} or
 * {@code ^} negation, {@code ]} literal when first, character classes ({@code [:alpha:]}),
 * equivalence classes ({@code [=a=]}) and collating symbols ({@code [.a.]}) of single bytes.
 * Matching is by byte (strings are taken as UTF-8), case-sensitive, and the C locale's classes are
 * ASCII-only, as in modprobe, which never calls setlocale.
 *
 * <p>glibc's quirks are kept because kmod inherits them: a trailing backslash never matches, an
 * unterminated {@code [} is an ordinary character unless the bracket would have matched (then the
 * whole match fails), an unknown class name fails the match. The differential test compares this
 * class with the real glibc on many thousands of generated pairs.
 *
 * <p>Matching backtracks like glibc; a memo table bounds hostile patterns (many stars) to
 * O(pattern x string) steps.
 */
public final class Fnmatch {

    private static final int NOMATCH = 1;
    private static final int MATCH = 0;
    /** Steps before the matcher switches to the memoised walk (ordinary aliases never get there). */
    private static final int PLAIN_STEP_BUDGET = 20_000;
    /** glibc rejects class names of this length or more. */
    private static final int CHAR_CLASS_MAX_LENGTH = 256;

    private final byte[] p;
    private final byte[] s;
    private int steps;
    private byte[] memo; // 0 unknown, 1 match, 2 no match; indexed [pi * (s.length + 1) + si]

    private Fnmatch(byte[] pattern, byte[] string) {
        this.p = pattern;
        this.s = string;
    }

    /** True when {@code string} matches {@code pattern} as glibc's {@code fnmatch(pattern, string, 0)}. */
    public static boolean matches(String pattern, String string) {
        return matches(pattern.getBytes(StandardCharsets.UTF_8), string.getBytes(StandardCharsets.UTF_8));
    }

    /** Byte version: neither array may contain NUL (C strings end there; so do ours). */
    public static boolean matches(byte[] pattern, byte[] string) {
        Fnmatch m = new Fnmatch(cut(pattern), cut(string));
        int r = m.match(0, 0);
        if (r == -1) {
            m.memo = new byte[(m.p.length + 1) * (m.s.length + 1)];
            r = m.match(0, 0);
        }
        return r == MATCH;
    }

    /**
     * The same answer for a pattern made only of literal bytes, {@code ?} and {@code *} (no
     * brackets, no backslashes), from {@code pi} and {@code si} on: there glibc's quirks cannot
     * arise, and the classic greedy walk that backtracks to the last star is exact and linear in
     * practice. The alias index uses it for most patterns.
     */
    static boolean matchesPlain(byte[] pattern, int pi, byte[] string, int si) {
        int starP = -1;
        int starS = -1;
        while (si < string.length) {
            if (pi < pattern.length && pattern[pi] == '*') {
                starP = pi++;
                starS = si;
            } else if (pi < pattern.length && (pattern[pi] == '?' || pattern[pi] == string[si])) {
                pi++;
                si++;
            } else if (starP >= 0) {
                pi = starP + 1;
                si = ++starS;
            } else {
                return false;
            }
        }
        while (pi < pattern.length && pattern[pi] == '*') {
            pi++;
        }
        return pi == pattern.length;
    }

    /** A C string ends at its first NUL. */
    private static byte[] cut(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                byte[] c = new byte[i];
                System.arraycopy(b, 0, c, 0, i);
                return c;
            }
        }
        return b;
    }

    private int pc(int i) {
        return i < p.length ? p[i] & 0xff : 0;
    }

    /** Returns MATCH, NOMATCH, or -1 when the plain walk ran out of budget. */
    private int match(int pi, int si) {
        if (memo != null) {
            int key = pi * (s.length + 1) + si;
            byte m = memo[key];
            if (m != 0) {
                return m == 1 ? MATCH : NOMATCH;
            }
            int r = walk(pi, si);
            memo[key] = (byte) (r == MATCH ? 1 : 2);
            return r;
        }
        if (++steps > PLAIN_STEP_BUDGET) {
            return -1;
        }
        return walk(pi, si);
    }

    private int walk(int pi, int si) {
        int n = si;
        while (pi < p.length) {
            int c = pc(pi++);
            switch (c) {
                case '?' -> {
                    if (n == s.length) {
                        return NOMATCH;
                    }
                    n++;
                }
                case '\\' -> {
                    if (pi >= p.length) {
                        return NOMATCH; // a trailing backslash loses
                    }
                    c = pc(pi++);
                    if (n == s.length || (s[n] & 0xff) != c) {
                        return NOMATCH;
                    }
                    n++;
                }
                case '*' -> {
                    return star(pi, n);
                }
                case '[' -> {
                    if (n == s.length) {
                        return NOMATCH;
                    }
                    int r = bracket(pi, n);
                    if (r == BRACKET_LITERAL) {
                        // Unterminated: the '[' is an ordinary character.
                        if ((s[n] & 0xff) != '[') {
                            return NOMATCH;
                        }
                        n++;
                    } else if (r < 0) {
                        return NOMATCH;
                    } else {
                        pi = r;
                        n++;
                    }
                }
                default -> {
                    if (n == s.length || (s[n] & 0xff) != c) {
                        return NOMATCH;
                    }
                    n++;
                }
            }
        }
        return n == s.length ? MATCH : NOMATCH;
    }

    /** After a '*' at pi - 1: glibc folds a run of '*' and '?' and then tries each position. */
    private int star(int pi, int n) {
        int c = pc(pi++);
        while (c == '?' || c == '*') {
            if (c == '?') {
                if (n == s.length) {
                    return NOMATCH;
                }
                n++;
            }
            c = pc(pi++);
        }
        if (c == 0 && pi > p.length) {
            return MATCH; // the stars end the pattern
        }
        int rest = pi - 1; // the pattern element after the stars
        if (c == '[') {
            for (; n < s.length; n++) {
                int r = match(rest, n);
                if (r != NOMATCH) {
                    return r;
                }
            }
        } else {
            int lit = c == '\\' ? pc(pi) : c;
            for (; n < s.length; n++) {
                if ((s[n] & 0xff) == lit) {
                    int r = match(rest, n);
                    if (r != NOMATCH) {
                        return r;
                    }
                }
            }
        }
        return NOMATCH;
    }

    private static final int BRACKET_LITERAL = -2;
    private static final int BRACKET_FAIL = -1;

    /**
     * A bracket expression starting after '[' at pi - 1, tested against the byte at n. Returns the
     * pattern index after the closing ']' when it matches, BRACKET_FAIL when it does not (or the
     * expression is ill-formed in a way glibc rejects), BRACKET_LITERAL when it is unterminated.
     */
    private int bracket(int pi, int n) {
        int fn = s[n] & 0xff;
        boolean not = pc(pi) == '!' || pc(pi) == '^';
        if (not) {
            pi++;
        }
        int c = pc(pi++);
        boolean matched = false;
        loop:
        for (;;) {
            int cold;
            boolean isRange;
            if (c == '\\') {
                if (pi >= p.length) {
                    return BRACKET_FAIL;
                }
                c = pc(pi++);
                // an escaped byte is an ordinary member
                isRange = pc(pi) == '-' && pi + 1 < p.length && pc(pi + 1) != ']';
                if (!isRange && c == fn) {
                    matched = true;
                    break;
                }
                cold = c;
                c = pc(pi++);
            } else if (c == '[' && pc(pi) == ':') {
                int start = pi;
                StringBuilder name = new StringBuilder();
                boolean isClass = true;
                for (;;) {
                    if (name.length() == CHAR_CLASS_MAX_LENGTH) {
                        return BRACKET_FAIL;
                    }
                    int ch = pc(++pi);
                    if (ch == ':' && pc(pi + 1) == ']') {
                        pi += 2;
                        break;
                    }
                    if (ch < 'a' || ch >= 'z') {
                        isClass = false;
                        break;
                    }
                    name.append((char) ch);
                }
                if (!isClass) {
                    // Not a class name: the '[' is an ordinary member.
                    pi = start;
                    c = '[';
                    isRange = pc(pi) == '-' && pi + 1 < p.length && pc(pi + 1) != ']';
                    if (!isRange && c == fn) {
                        matched = true;
                        break;
                    }
                    cold = c;
                    c = pc(pi++);
                } else {
                    CharClass cls = CharClass.of(name.toString());
                    if (cls == null) {
                        return BRACKET_FAIL;
                    }
                    if (cls.test(fn)) {
                        matched = true;
                        break;
                    }
                    c = pc(pi++);
                    if (c == ']') {
                        break;
                    }
                    if (c == 0 && pi > p.length) {
                        return BRACKET_LITERAL;
                    }
                    continue;
                }
            } else if (c == '[' && pc(pi) == '=') {
                int start = pi;
                int ch = pc(++pi);
                if (ch == 0 && pi >= p.length) {
                    pi = start;
                    c = '[';
                    isRange = pc(pi) == '-' && pi + 1 < p.length && pc(pi + 1) != ']';
                    if (!isRange && c == fn) {
                        matched = true;
                        break;
                    }
                    cold = c;
                    c = pc(pi++);
                } else {
                    int eq = pc(++pi);
                    if (eq != '=' || pc(pi + 1) != ']') {
                        pi = start;
                        c = '[';
                        isRange = pc(pi) == '-' && pi + 1 < p.length && pc(pi + 1) != ']';
                        if (!isRange && c == fn) {
                            matched = true;
                            break;
                        }
                        cold = c;
                        c = pc(pi++);
                    } else {
                        pi += 2;
                        if (fn == ch) {
                            matched = true;
                            break;
                        }
                        c = pc(pi++);
                        if (c == ']') {
                            break;
                        }
                        if (c == 0 && pi > p.length) {
                            return BRACKET_LITERAL;
                        }
                        continue;
                    }
                }
            } else if (c == 0 && pi > p.length) {
                return BRACKET_LITERAL;
            } else if (c == '[' && pc(pi) == '.') {
                int start = pi;
                int len = 0;
                for (;;) {
                    int ch = pc(++pi);
                    if (ch == '.' && pc(pi + 1) == ']') {
                        pi += 2;
                        break;
                    }
                    if (ch == 0 && pi >= p.length) {
                        return BRACKET_FAIL;
                    }
                    len++;
                }
                isRange = pc(pi) == '-' && pi + 1 < p.length;
                if (len != 1) {
                    return BRACKET_FAIL;
                }
                int sym = pc(start + 1);
                if (!isRange && fn == sym) {
                    matched = true;
                    break;
                }
                cold = sym;
                c = pc(pi++);
            } else {
                isRange = pc(pi) == '-' && pi + 1 < p.length && pc(pi + 1) != ']';
                if (!isRange && c == fn) {
                    matched = true;
                    break;
                }
                cold = c;
                c = pc(pi++);
            }

            if (c == '-' && pc(pi) != ']') {
                int cend = pc(pi++);
                if (cend == '[' && pc(pi) == '.') {
                    int start = pi;
                    int len = 0;
                    for (;;) {
                        int ch = pc(++pi);
                        if (ch == '.' && pc(pi + 1) == ']') {
                            pi += 2;
                            break;
                        }
                        if (ch == 0 && pi >= p.length) {
                            return BRACKET_FAIL;
                        }
                        len++;
                    }
                    if (len != 1) {
                        return BRACKET_FAIL;
                    }
                    cend = pc(start + 1);
                } else {
                    if (cend == '\\') {
                        cend = pc(pi++);
                    }
                    if (cend == 0 && pi > p.length) {
                        return BRACKET_FAIL;
                    }
                }
                if (cold <= fn && fn <= cend) {
                    matched = true;
                    break;
                }
                c = pc(pi++);
            }
            if (c == ']') {
                break loop;
            }
        }
        if (!matched) {
            return not ? pi : BRACKET_FAIL;
        }
        // Skip the rest of the expression that already matched.
        int r = skipRest(pi);
        if (r < 0) {
            return BRACKET_FAIL;
        }
        return not ? BRACKET_FAIL : r;
    }

    /** Skips to after the ']' closing a bracket whose member already matched; -1 when ill-formed. */
    private int skipRest(int pi) {
        for (;;) {
            int c = pc(pi++);
            if (c == ']') {
                return pi;
            }
            if (c == 0 && pi > p.length) {
                return -1; // unterminated after a match loses
            }
            if (c == '\\') {
                if (pi >= p.length) {
                    return -1;
                }
                pi++;
            } else if (c == '[' && pc(pi) == ':') {
                int start = pi;
                int len = 0;
                for (;;) {
                    int ch = pc(++pi);
                    if (++len == CHAR_CLASS_MAX_LENGTH) {
                        return -1;
                    }
                    if (pc(pi) == ':' && pc(pi + 1) == ']') {
                        pi += 2;
                        break;
                    }
                    if (ch < 'a' || ch >= 'z') {
                        pi = start; // not a class: go on from the ':'
                        break;
                    }
                }
            } else if (c == '[' && pc(pi) == '=') {
                int ch = pc(++pi);
                if (ch == 0 && pi >= p.length) {
                    return -1;
                }
                int eq = pc(++pi);
                if (eq != '=' || pc(pi + 1) != ']') {
                    return -1;
                }
                pi += 2;
            } else if (c == '[' && pc(pi) == '.') {
                for (;;) {
                    int ch = pc(++pi);
                    if (ch == 0 && pi >= p.length) {
                        return -1;
                    }
                    if (ch == '.' && pc(pi + 1) == ']') {
                        break;
                    }
                }
                pi += 2;
            }
        }
    }

    /** The POSIX classes of the C locale (ASCII only). */
    private enum CharClass {
        ALNUM, ALPHA, BLANK, CNTRL, DIGIT, GRAPH, LOWER, PRINT, PUNCT, SPACE, UPPER, XDIGIT;

        static CharClass of(String name) {
            for (CharClass c : values()) {
                if (c.name().equalsIgnoreCase(name)) {
                    return c;
                }
            }
            return null;
        }

        boolean test(int b) {
            boolean upper = b >= 'A' && b <= 'Z';
            boolean lower = b >= 'a' && b <= 'z';
            boolean digit = b >= '0' && b <= '9';
            boolean graph = b > 0x20 && b < 0x7f;
            return switch (this) {
                case ALNUM -> upper || lower || digit;
                case ALPHA -> upper || lower;
                case BLANK -> b == ' ' || b == '\t';
                case CNTRL -> b < 0x20 || b == 0x7f;
                case DIGIT -> digit;
                case GRAPH -> graph;
                case LOWER -> lower;
                case PRINT -> graph || b == ' ';
                case PUNCT -> graph && !(upper || lower || digit);
                case SPACE -> b == ' ' || (b >= '\t' && b <= '\r');
                case UPPER -> upper;
                case XDIGIT -> digit || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
            };
        }
    }
}
