package dev.bronze.hardware.devicetree;

import java.util.Optional;

/**
 * A Raspberry Pi board revision code, decoded by its bit fields as the Raspberry Pi documentation
 * ("revision-codes") asks, never by an allow-list of whole codes: a board released after this code
 * was written still decodes.
 *
 * <p>New-style codes (flag bit 23 set) are {@code NOQuuuWuFMMMCCCCPPPPTTTTTTTTRRRR}. Old-style codes
 * ({@code 0002}..{@code 0015}, the first boards) carry no fields and are the one place a table is
 * unavoidable; bit 24 of an old code is the warranty bit and is ignored for lookup.
 *
 * @param code          the raw code
 * @param newStyle      bit 23
 * @param type          board type name ({@code "4B"}, {@code "Zero 2 W"}; {@code "unknown (0x2f)"} when newer than this table)
 * @param typeCode      the type field (new style), or -1 for old style
 * @param processor     SoC ({@code "BCM2711"}), or {@code "unknown (n)"}
 * @param manufacturer  maker ({@code "Sony UK"})
 * @param memoryMb      RAM in MiB, or 0 when the code says "other" (7) or is unknown
 * @param revision      board revision as printed by Raspberry Pi ({@code "1.4"})
 * @param warrantyVoid  warranty bit (25 new style, 24 old style)
 */
public record RpiRevision(long code, boolean newStyle, String type, int typeCode, String processor,
        String manufacturer, int memoryMb, String revision, boolean warrantyVoid) {

    private static final int NEW_FLAG = 1 << 23;

    private static final String[] TYPES = {
        "A", "B", "A+", "B+", "2B", "Alpha", "CM1", null, "3B", "Zero", "CM3", null, "Zero W", "3B+", "3A+",
        "Internal use only", "CM3+", "4B", "Zero 2 W", "400", "CM4", "CM4S", "Internal use only", "5", "CM5",
        "500", "CM5 Lite", "CM0",
    };

    private static final String[] PROCESSORS = {"BCM2835", "BCM2836", "BCM2837", "BCM2711", "BCM2712"};

    private static final String[] MANUFACTURERS = {"Sony UK", "Egoman", "Embest", "Sony Japan", "Embest", "Stadium"};

    /** Old-style codes 0x02..0x15: model, revision, RAM, maker (0x0a..0x0c were never issued). */
    private static final String[][] OLD = {
        null, null,
        {"B", "1.0", "256", "Egoman"}, {"B", "1.0", "256", "Egoman"}, {"B", "2.0", "256", "Sony UK"},
        {"B", "2.0", "256", "Qisda"}, {"B", "2.0", "256", "Egoman"}, {"A", "2.0", "256", "Egoman"},
        {"A", "2.0", "256", "Sony UK"}, {"A", "2.0", "256", "Qisda"}, null, null, null,
        {"B", "2.0", "512", "Egoman"}, {"B", "2.0", "512", "Sony UK"}, {"B", "2.0", "512", "Egoman"},
        {"B+", "1.2", "512", "Sony UK"}, {"CM1", "1.0", "512", "Sony UK"}, {"A+", "1.1", "256", "Sony UK"},
        {"B+", "1.2", "512", "Embest"}, {"CM1", "1.0", "512", "Embest"}, {"A+", "1.1", "256", "Embest"},
    };

    /** Decodes a code; empty for values that are neither style (zero, an unissued old code, > 32 bits). */
    public static Optional<RpiRevision> decode(long code) {
        if (code <= 0 || code > 0xffff_ffffL) {
            return Optional.empty();
        }
        int c = (int) code;
        if ((c & NEW_FLAG) != 0) {
            int rev = c & 0xf;
            int type = (c >>> 4) & 0xff;
            int proc = (c >>> 12) & 0xf;
            int maker = (c >>> 16) & 0xf;
            int mem = (c >>> 20) & 0x7;
            String typeName = type < TYPES.length && TYPES[type] != null
                    ? TYPES[type] : "unknown (0x" + hex(type, 2) + ")";
            // The 500 and 500+ share type 0x19; the 16 GB one is the 500+.
            if (type == 0x19 && mem == 6) {
                typeName = "500+";
            }
            return Optional.of(new RpiRevision(code, true, typeName, type,
                    proc < PROCESSORS.length ? PROCESSORS[proc] : "unknown (" + proc + ")",
                    maker < MANUFACTURERS.length ? MANUFACTURERS[maker] : "unknown (" + maker + ")",
                    mem == 7 ? 0 : 256 << mem, "1." + rev, (c & (1 << 25)) != 0));
        }
        int old = c & 0x00ff_ffff;
        if (old >= OLD.length || OLD[old] == null) {
            return Optional.empty();
        }
        String[] row = OLD[old];
        return Optional.of(new RpiRevision(code, false, row[0], -1, "BCM2835", row[3],
                Integer.parseInt(row[2]), row[1], (c & (1 << 24)) != 0));
    }

    /** Parses the hex text of {@code /proc/cpuinfo}'s {@code Revision} line ({@code "c03111"}). */
    public static Optional<RpiRevision> parse(String hex) {
        String h = hex.strip();
        if (h.isEmpty() || h.length() > 8) {
            return Optional.empty();
        }
        try {
            return decode(Long.parseLong(h, 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The code as Raspberry Pi prints it: lowercase hex, at least four digits. */
    public String hex() {
        return hex(code, 4);
    }

    /** Lower-case hex padded to {@code width}; String.format would pull regex and Formatter into init. */
    private static String hex(long v, int width) {
        String h = Long.toHexString(v);
        return h.length() >= width ? h : "0".repeat(width - h.length()) + h;
    }

    /** "Raspberry Pi 4B rev 1.4, 4 GB, BCM2711, Sony UK". */
    public String describe() {
        String mem = memoryMb == 0 ? "memory unknown" : memoryMb >= 1024 ? (memoryMb / 1024) + " GB" : memoryMb + " MB";
        return "Raspberry Pi " + type + " rev " + revision + ", " + mem + ", " + processor + ", " + manufacturer;
    }
}
