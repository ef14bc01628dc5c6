package dev.bronze.hardware.fs;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/** Little helpers for on-disk fields; every index is checked by the caller's fixed-size buffer. */
final class Bytes {

    private Bytes() {
    }

    static int le16(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8;
    }

    static long le32(byte[] b, int o) {
        return (b[o] & 0xffL) | (b[o + 1] & 0xffL) << 8 | (b[o + 2] & 0xffL) << 16 | (b[o + 3] & 0xffL) << 24;
    }

    static long be32(byte[] b, int o) {
        return (b[o] & 0xffL) << 24 | (b[o + 1] & 0xffL) << 16 | (b[o + 2] & 0xffL) << 8 | (b[o + 3] & 0xffL);
    }

    static boolean ascii(byte[] b, int o, String magic) {
        for (int i = 0; i < magic.length(); i++) {
            if (b[o + i] != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A standard 8-4-4-4-12 UUID from 16 bytes as stored by ext and XFS (big-endian text order). */
    static String uuid(byte[] b, int o) {
        String h = HexFormat.of().formatHex(b, o, o + 16);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                + h.substring(16, 20) + "-" + h.substring(20);
    }

    static boolean allZero(byte[] b, int o, int len) {
        for (int i = 0; i < len; i++) {
            if (b[o + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A NUL- or space-padded single-byte label; null when empty. Bytes above 0x7f are Latin-1. */
    static String label(byte[] b, int o, int len) {
        int end = o;
        while (end < o + len && b[end] != 0) {
            end++;
        }
        return clean(new String(b, o, end - o, StandardCharsets.ISO_8859_1));
    }

    /** Strips trailing blanks as blkid does and refuses control characters; null when empty. */
    static String clean(String s) {
        String t = s.stripTrailing();
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < 0x20 && t.charAt(i) != '\t') {
                return null;
            }
        }
        return t.isEmpty() ? null : t;
    }

    static String hex4(long v) {
        String h = Long.toHexString(v & 0xffff).toUpperCase(Locale.ROOT);
        return "0".repeat(4 - h.length()) + h;
    }
}
