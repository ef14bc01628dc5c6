package dev.bronze.hardware.fat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * 8.3 names (fatgen103 §6 and §7): the 11 raw bytes of a short entry, the alias generated for a
 * long name with its {@code ~N} tail, and the checksum that ties LFN entries to it.
 */
final class ShortName {

    static final int LENGTH = 11;
    private static final String SPECIAL = "!#$%&'()-@^_`{}~";
    /** Characters a long name may not hold (fatgen103 §7). */
    private static final String LONG_FORBIDDEN = "\\/:*?\"<>|";
    static final int MAX_LONG_NAME = 255;

    private ShortName() {
    }

    /**
     * Upper-cases character by character, as FAT's up-case tables do: the length never changes
     * (String.toUpperCase would turn "ß" into "SS" and make two different names collide).
     */
    static String upcase(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Character.toUpperCase(c[i]);
        }
        return new String(c);
    }

    static boolean isValidChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || SPECIAL.indexOf(c) >= 0;
    }

    /** Checks a long name; returns a message saying what is wrong, or null. */
    static String invalidLongName(String name) {
        if (name.isEmpty()) {
            return "empty file name";
        }
        if (name.equals(".") || name.equals("..")) {
            return "\"" + name + "\" cannot be created";
        }
        if (name.length() > MAX_LONG_NAME) {
            return "name is " + name.length() + " characters long (at most " + MAX_LONG_NAME + ")";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F || LONG_FORBIDDEN.indexOf(c) >= 0) {
                return String.format("name \"%s\" contains a character FAT forbids (U+%04X)", printable(name), (int) c);
            }
        }
        char last = name.charAt(name.length() - 1);
        if (last == '.' || last == ' ') {
            return "name \"" + name + "\" ends with a dot or space, which Windows and firmware strip";
        }
        return null;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return b.toString();
    }

    /**
     * The raw form of {@code name} when it is already a valid upper-case 8.3 name (so no LFN
     * entries are needed), else null.
     */
    static byte[] exact(String name) {
        int dot = name.lastIndexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (base.isEmpty() || base.length() > 8 || ext.length() > 3 || (dot >= 0 && ext.isEmpty())) {
            return null;
        }
        for (char c : (base + ext).toCharArray()) {
            if (!isValidChar(c)) {
                return null;
            }
        }
        return raw(base, ext);
    }

    private static byte[] raw(String base, String ext) {
        byte[] r = new byte[LENGTH];
        java.util.Arrays.fill(r, (byte) ' ');
        byte[] b = base.getBytes(StandardCharsets.US_ASCII);
        byte[] e = ext.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, r, 0, b.length);
        System.arraycopy(e, 0, r, 8, e.length);
        if ((r[0] & 0xFF) == 0xE5) {
            r[0] = 0x05; // fatgen103: a leading E5 is stored as 05
        }
        return r;
    }

    /**
     * The alias for a long name (the Windows algorithm: upper-case, drop spaces and leading dots,
     * replace what 8.3 cannot hold by '_', keep the last extension) with the first free
     * {@code ~N} tail, or without a tail when nothing was lost and the alias is free.
     */
    static byte[] generate(String longName, Predicate<String> taken) {
        String upper = upcase(longName);
        boolean lossy = false;
        String stripped = upper.replace(" ", "");
        lossy |= stripped.length() != upper.length();
        int lead = 0;
        while (lead < stripped.length() && stripped.charAt(lead) == '.') {
            lead++;
        }
        lossy |= lead > 0;
        stripped = stripped.substring(lead);
        int dot = stripped.lastIndexOf('.');
        String base = dot < 0 ? stripped : stripped.substring(0, dot);
        String ext = dot < 0 ? "" : stripped.substring(dot + 1);
        if (base.indexOf('.') >= 0) {
            lossy = true;
            base = base.replace(".", "");
        }
        StringBuilder b = new StringBuilder();
        for (char c : base.toCharArray()) {
            b.append(isValidChar(c) ? c : '_');
            lossy |= !isValidChar(c);
        }
        StringBuilder e = new StringBuilder();
        for (char c : ext.toCharArray()) {
            e.append(isValidChar(c) ? c : '_');
            lossy |= !isValidChar(c);
        }
        if (b.length() > 8) {
            lossy = true;
        }
        if (e.length() > 3) {
            lossy = true;
            e.setLength(3);
        }
        if (b.length() == 0) {
            b.append('_');
            lossy = true;
        }
        if (!lossy && b.length() <= 8) {
            byte[] r = raw(b.toString(), e.toString());
            if (!taken.test(key(r))) {
                return r;
            }
        }
        // Windows' scheme: ~1 to ~4, then two characters, four hex digits of a hash of the long
        // name and ~1, so thousands of similar names do not each probe thousands of tails. The
        // hash is CRC32, so the alias stays a function of the name and the directory's contents.
        for (int n = 1; n <= 4; n++) {
            String bb = b.length() > 6 ? b.substring(0, 6) : b.toString();
            byte[] r = raw(bb + "~" + n, e.toString());
            if (!taken.test(key(r))) {
                return r;
            }
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(longName.getBytes(StandardCharsets.UTF_16LE));
        int h = (int) crc.getValue();
        String b2 = b.length() > 2 ? b.substring(0, 2) : b.toString();
        for (int k = 0; k < 0x10000; k++) {
            String hex = String.format("%04X", (h + k) & 0xFFFF);
            byte[] r = raw(b2 + hex + "~1", e.toString());
            if (!taken.test(key(r))) {
                return r;
            }
        }
        for (int n = 5; n <= 999_999; n++) {
            String tail = "~" + n;
            String bb = b.length() + tail.length() > 8 ? b.substring(0, 8 - tail.length()) : b.toString();
            byte[] r = raw(bb + tail, e.toString());
            if (!taken.test(key(r))) {
                return r;
            }
        }
        throw new IllegalStateException("no free 8.3 alias for " + longName);
    }

    /** A map key for raw names (compared exactly: short names are stored upper-case). */
    static String key(byte[] raw) {
        return new String(raw, 0, LENGTH, StandardCharsets.ISO_8859_1);
    }

    /** "BASE.EXT" as readers show it, honouring the NT lower-case flags of byte 12. */
    static String display(byte[] raw, int ntFlags) {
        byte[] r = raw.clone();
        if ((r[0] & 0xFF) == 0x05) {
            r[0] = (byte) 0xE5;
        }
        String base = new String(r, 0, 8, StandardCharsets.ISO_8859_1).stripTrailing();
        String ext = new String(r, 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
        if ((ntFlags & 0x08) != 0) {
            base = base.toLowerCase(Locale.ROOT);
        }
        if ((ntFlags & 0x10) != 0) {
            ext = ext.toLowerCase(Locale.ROOT);
        }
        return ext.isEmpty() ? base : base + "." + ext;
    }

    /** fatgen103 §7: the checksum every LFN entry carries of its short entry's 11 bytes. */
    static int checksum(byte[] raw, int off) {
        int sum = 0;
        for (int i = 0; i < LENGTH; i++) {
            sum = (((sum & 1) << 7) + ((sum & 0xFF) >> 1) + (raw[off + i] & 0xFF)) & 0xFF;
        }
        return sum;
    }
}
