package dev.bronze.hardware.disk.layout;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people write them: {@code 1GiB}, {@code 512M}, {@code 20GB}, {@code 4096}. Binary
 * suffixes (KiB, MiB, GiB, TiB and the bare K, M, G, T as dd and sgdisk use them) are powers of
 * 1024; decimal ones (KB, MB, GB, TB) powers of 1000, as disk vendors and Talos's selector mean them.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)(?:\\.(\\d{1,3}))?\\s*([kmgtp]?)(i?)(b?)");

    private Sizes() {
    }

    public static long parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new LayoutException("\"" + text + "\" is not a size (examples: 1GiB, 512M, 20GB, 4096)");
        }
        String unit = m.group(3);
        boolean binary = !m.group(4).isEmpty() || m.group(5).isEmpty();
        if (unit.isEmpty() && !m.group(4).isEmpty()) {
            throw new LayoutException("\"" + text + "\" is not a size");
        }
        long base = binary ? 1024 : 1000;
        int power = unit.isEmpty() ? 0 : "kmgtp".indexOf(unit) + 1;
        long mult = 1;
        for (int i = 0; i < power; i++) {
            mult = Math.multiplyExact(mult, base);
        }
        try {
            long whole = Math.multiplyExact(Long.parseLong(m.group(1)), mult);
            if (m.group(2) != null) {
                String frac = m.group(2);
                long scale = (long) Math.pow(10, frac.length());
                whole = Math.addExact(whole, Long.parseLong(frac) * mult / scale);
            }
            return whole;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new LayoutException("\"" + text + "\" is too large");
        }
    }

    /** {@code 1 GiB}, {@code 100 MiB}, {@code 1.5 GiB}, {@code 4096 B}. */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (u == 0 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%d %s", (long) v, units[u]);
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
