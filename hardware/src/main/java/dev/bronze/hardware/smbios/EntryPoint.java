package dev.bronze.hardware.smbios;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMBIOS entry point: {@code _SM3_} (64-bit, SMBIOS 3.x), {@code _SM_} (32-bit, 2.1-2.8) or the
 * legacy {@code _DMI_} one. {@code tableLength} is the exact length for 2.x and the maximum for 3.x
 * (whose table ends at type 127 or at the end of the data); {@code structureCount} is -1 for 3.x.
 */
public record EntryPoint(Kind kind, SmbiosVersion version, long tableAddress, long tableLength,
        int structureCount, int maxStructureSize, boolean checksumValid) {

    public enum Kind { SMBIOS3, SMBIOS2, LEGACY_DMI }

    public static final String SM3_ANCHOR = "_SM3_";
    public static final String SM2_ANCHOR = "_SM_";
    public static final String DMI_ANCHOR = "_DMI_";

    /** The outcome of parsing entry-point bytes: an entry point and what was wrong with it, or nothing usable. */
    public record Parsed(EntryPoint entryPoint, List<String> problems) {
    }

    /** Parses the bytes of {@code smbios_entry_point} (or the first 0x20 bytes of a dump); never throws. */
    public static Parsed parse(byte[] b) {
        List<String> problems = new ArrayList<>();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (startsWith(b, SM3_ANCHOR)) {
            if (b.length < 0x18) {
                problems.add("_SM3_ entry point is " + b.length + " bytes, needs 24");
                return new Parsed(null, problems);
            }
            int len = b[6] & 0xff;
            boolean ok = checksum(b, 0, Math.min(Math.max(len, 0x18), b.length));
            if (!ok) {
                problems.add("_SM3_ entry point checksum is wrong");
            }
            SmbiosVersion v = new SmbiosVersion(b[7] & 0xff, b[8] & 0xff, b[9] & 0xff);
            long max = bb.getInt(0x0C) & 0xFFFFFFFFL;
            long addr = bb.getLong(0x10);
            return new Parsed(new EntryPoint(Kind.SMBIOS3, v, addr, max, -1, 0, ok), problems);
        }
        if (startsWith(b, SM2_ANCHOR)) {
            if (b.length < 0x1F) {
                problems.add("_SM_ entry point is " + b.length + " bytes, needs 31");
                return new Parsed(null, problems);
            }
            int len = b[5] & 0xff;
            // SMBIOS 2.1 documented 0x1E by mistake; both lengths occur in the field.
            if (len != 0x1F && len != 0x1E) {
                problems.add("_SM_ entry point length " + len + " is neither 0x1E nor 0x1F");
            }
            boolean ok = checksum(b, 0, Math.min(Math.max(len, 0x1E), b.length))
                    && checksum(b, 0x10, 0x0F);
            if (!ok) {
                problems.add("_SM_ entry point checksum is wrong");
            }
            if (!startsWith(b, 0x10, DMI_ANCHOR)) {
                problems.add("_SM_ entry point lacks the _DMI_ intermediate anchor");
            }
            int major = b[6] & 0xff;
            int minor = b[7] & 0xff;
            // Version fix-ups for BIOS bugs known to dmidecode (and to the kernel): "2.31", "2.33", "2.51".
            int raw = (major << 8) | minor;
            if (raw == 0x021F || raw == 0x0221) {
                problems.add("SMBIOS version " + major + "." + minor + " fixed up to 2.3");
                major = 2;
                minor = 3;
            } else if (raw == 0x0233) {
                problems.add("SMBIOS version 2.51 fixed up to 2.6");
                major = 2;
                minor = 6;
            }
            return new Parsed(new EntryPoint(Kind.SMBIOS2, new SmbiosVersion(major, minor, 0),
                    bb.getInt(0x18) & 0xFFFFFFFFL, bb.getShort(0x16) & 0xFFFF, bb.getShort(0x1C) & 0xFFFF,
                    bb.getShort(0x08) & 0xFFFF, ok), problems);
        }
        if (startsWith(b, DMI_ANCHOR)) {
            if (b.length < 0x0F) {
                problems.add("_DMI_ entry point is " + b.length + " bytes, needs 15");
                return new Parsed(null, problems);
            }
            boolean ok = checksum(b, 0, 0x0F);
            if (!ok) {
                problems.add("_DMI_ entry point checksum is wrong");
            }
            int bcd = b[0x0E] & 0xff;
            return new Parsed(new EntryPoint(Kind.LEGACY_DMI, new SmbiosVersion(bcd >> 4, bcd & 0x0F, 0),
                    bb.getInt(0x08) & 0xFFFFFFFFL, bb.getShort(0x06) & 0xFFFF, bb.getShort(0x0C) & 0xFFFF, 0, ok),
                    problems);
        }
        problems.add("no SMBIOS entry point anchor (_SM3_, _SM_ or _DMI_)");
        return new Parsed(null, problems);
    }

    private static boolean startsWith(byte[] b, String anchor) {
        return startsWith(b, 0, anchor);
    }

    private static boolean startsWith(byte[] b, int off, String anchor) {
        byte[] a = anchor.getBytes(StandardCharsets.US_ASCII);
        if (b.length < off + a.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (b[off + i] != a[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = off; i < off + len && i < b.length; i++) {
            sum += b[i] & 0xff;
        }
        return (sum & 0xff) == 0;
    }
}
