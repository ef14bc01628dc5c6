package dev.bronze.hardware.smbios;

import java.math.BigDecimal;

/** Size and number formatting in dmidecode's style, so outputs compare line by line. */
final class Sizes {

    private static final String[] UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB", "ZB"};

    private Sizes() {
    }

    /**
     * {@code value} in bytes ({@code shift} 0) or KiB (1), printed in the largest 1024-unit that holds
     * a non-zero part, or one unit lower when that keeps it exact ("1536 MB", not "1.5 GB").
     */
    static String format(long value, int shift) {
        int[] split = new int[7];
        for (int i = 0; i < 7; i++) {
            split[i] = (int) ((value >>> (10 * i)) & 0x3FF);
        }
        int i = 6;
        while (i > 0 && split[i] == 0) {
            i--;
        }
        long capacity;
        if (i > 0 && split[i - 1] != 0) {
            i--;
            capacity = split[i] + ((long) split[i + 1] << 10);
        } else {
            capacity = split[i];
        }
        return capacity + " " + UNITS[i + shift];
    }

    /** C's {@code %g} for the short decimals of voltages (1.35, 1.125). */
    static String g(double v) {
        return new BigDecimal(String.format(java.util.Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
    }
}
