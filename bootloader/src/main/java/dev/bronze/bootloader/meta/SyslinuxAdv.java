package dev.bronze.bootloader.meta;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The legacy syslinux-compatible ADV in the last 2×512 bytes of META (siderolabs/go-adv
 * {@code adv/syslinux}): little-endian head magic, a checksum word that makes the data words sum
 * to {@code 0xa3041767}, one-byte tags and lengths, tail magic. Old Talos versions kept keys here;
 * Bronze reads them as a fallback and preserves the area as it found it.
 */
public final class SyslinuxAdv {

    public static final int ADV_SIZE = 512;
    static final int HEAD = 0x5a2d2fa5;
    static final int TOTAL = 0xa3041767;
    static final int TAIL = 0xdd28bf64;

    private SyslinuxAdv() {
    }

    /** Tags of the first valid copy among the two; empty when neither validates. */
    public static SortedMap<Integer, byte[]> decode(byte[] twoCopies) {
        for (int c = 0; c < 2 && (c + 1) * ADV_SIZE <= twoCopies.length; c++) {
            byte[] copy = Arrays.copyOfRange(twoCopies, c * ADV_SIZE, (c + 1) * ADV_SIZE);
            if (valid(copy)) {
                return entries(copy);
            }
        }
        return new TreeMap<>();
    }

    static boolean valid(byte[] a) {
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != HEAD || b.getInt(ADV_SIZE - 4) != TAIL) {
            return false;
        }
        int sum = 0;
        for (int i = 4; i < ADV_SIZE - 4; i += 4) {
            sum += b.getInt(i);
        }
        return sum == TOTAL;
    }

    private static SortedMap<Integer, byte[]> entries(byte[] a) {
        SortedMap<Integer, byte[]> tags = new TreeMap<>();
        int i = 8;
        while (i < ADV_SIZE - 4 - 2) {
            int tag = a[i] & 0xff;
            int len = a[i + 1] & 0xff;
            if (tag == 0 || i + 2 + len > ADV_SIZE - 4) {
                break;
            }
            tags.putIfAbsent(tag, Arrays.copyOfRange(a, i + 2, i + 2 + len));
            i += 2 + len;
        }
        return tags;
    }
}
