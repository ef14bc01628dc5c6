package dev.bronze.hardware.disk.select;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Byte sizes as people write them: {@code 20GB} (decimal, 10^9), {@code 512GiB} (binary, 2^30),
 * {@code 1.5TB}, {@code 4096} or {@code 4096B}. A bare {@code G} or {@code M} is refused because it
 * is ambiguous between the two, and disks are sold in decimal units while partitions are usually
 * sized in binary ones.
 */
public final class ByteSize {

    private static final Map<String, BigDecimal> UNITS = Map.ofEntries(
            Map.entry("b", BigDecimal.ONE),
            Map.entry("kb", BigDecimal.TEN.pow(3)),
            Map.entry("mb", BigDecimal.TEN.pow(6)),
            Map.entry("gb", BigDecimal.TEN.pow(9)),
            Map.entry("tb", BigDecimal.TEN.pow(12)),
            Map.entry("pb", BigDecimal.TEN.pow(15)),
            Map.entry("kib", BigDecimal.valueOf(2).pow(10)),
            Map.entry("mib", BigDecimal.valueOf(2).pow(20)),
            Map.entry("gib", BigDecimal.valueOf(2).pow(30)),
            Map.entry("tib", BigDecimal.valueOf(2).pow(40)),
            Map.entry("pib", BigDecimal.valueOf(2).pow(50)));

    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private ByteSize() {
    }

    /**
     * The exact number of bytes {@code text} stands for (may be fractional, as {@code 0.1KiB}), or
     * an explanation of what is wrong with it.
     */
    public static Parsed parse(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        String number = s.substring(0, i);
        String unit = s.substring(i).strip();
        if (number.isEmpty() || number.chars().filter(c -> c == '.').count() > 1 || number.startsWith(".")
                || number.endsWith(".") || number.length() > 30) {
            return new Parsed(null, "\"" + text.strip() + "\" is not a size (expected a number and a unit, as 20GB or 512GiB)");
        }
        BigDecimal factor = UNITS.get(unit.isEmpty() ? "b" : unit.toLowerCase(Locale.ROOT));
        if (factor == null) {
            return new Parsed(null, "unknown size unit \"" + unit + "\" (use B, kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024))");
        }
        BigDecimal bytes = new BigDecimal(number).multiply(factor);
        if (bytes.compareTo(MAX) > 0) {
            return new Parsed(null, "size \"" + text.strip() + "\" is too large");
        }
        return new Parsed(bytes, null);
    }

    /** {@link #parse} as whole bytes (rounded down), for sizes that must be integral. */
    public static long parseBytes(String text) {
        Parsed p = parse(text);
        if (p.bytes() == null) {
            throw new IllegalArgumentException(p.error());
        }
        return p.bytes().setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /** The outcome of {@link #parse}: {@code bytes} or an {@code error} sentence. */
    public record Parsed(BigDecimal bytes, String error) {
        public Optional<BigDecimal> value() {
            return Optional.ofNullable(bytes);
        }
    }

    /** Decimal units with one decimal, as disks are labelled: {@code 1.0 TB}, {@code 480.1 GB}, {@code 512 B}. */
    public static String human(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        if (bytes < 1000) {
            return bytes + " B";
        }
        double v = bytes;
        int u = 0;
        while (v >= 999.95 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
