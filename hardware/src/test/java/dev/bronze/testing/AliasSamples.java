package dev.bronze.testing;

import java.util.Random;

/** Device strings made from alias patterns: wildcards filled in the way a real device would. */
public final class AliasSamples {

    private static final String HEX = "0123456789ABCDEF";

    private AliasSamples() {
    }

    /** A string the pattern matches (mostly): '*' becomes a short hex run, '?' one digit, [..] a member. */
    public static String instantiate(String pattern, Random rnd) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    int n = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(8);
                    for (int k = 0; k < n; k++) {
                        b.append(HEX.charAt(rnd.nextInt(16)));
                    }
                }
                case '?' -> b.append(HEX.charAt(rnd.nextInt(16)));
                case '[' -> {
                    int close = pattern.indexOf(']', i + 2);
                    if (close < 0) {
                        b.append(c);
                        break;
                    }
                    String body = pattern.substring(i + 1, close);
                    i = close;
                    if (body.length() >= 3 && body.charAt(1) == '-') {
                        char lo = body.charAt(0);
                        char hi = body.charAt(2);
                        b.append(hi >= lo ? (char) (lo + rnd.nextInt(hi - lo + 1)) : lo);
                    } else if (!body.isEmpty() && body.charAt(0) != '!' && body.charAt(0) != '^') {
                        b.append(body.charAt(rnd.nextInt(body.length())));
                    } else {
                        b.append('Z');
                    }
                }
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        b.append(pattern.charAt(++i));
                    }
                }
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A near miss: one byte changed, dropped, or added, or the tail cut. */
    public static String mutate(String s, Random rnd) {
        if (s.isEmpty()) {
            return "x";
        }
        int i = rnd.nextInt(s.length());
        return switch (rnd.nextInt(5)) {
            case 0 -> s.substring(0, i) + HEX.charAt(rnd.nextInt(16)) + s.substring(i + 1);
            case 1 -> s.substring(0, i) + s.substring(i + 1);
            case 2 -> s.substring(0, i) + "-" + s.substring(i);
            case 3 -> s.substring(0, i);
            default -> s + HEX.charAt(rnd.nextInt(16));
        };
    }
}
