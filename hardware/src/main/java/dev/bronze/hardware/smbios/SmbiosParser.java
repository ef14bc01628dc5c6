package dev.bronze.hardware.smbios;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a structure table the way dmidecode and the kernel do, and never throws: what was read is
 * returned with a list of problems. Rules (DSP0134 6.1.2, dmidecode {@code dmi_table_decode}):
 * a header shorter than 4 bytes breaks the table (Hyper-V tables do this); the next structure starts
 * after the first double NUL following the formatted area; a structure running past the data ends
 * the walk; SMBIOS 3 tables end at type 127 or at the end of the data, 2.x tables after the
 * announced number of structures.
 */
public final class SmbiosParser {

    /** Upper bound of a table we accept: SMBIOS 3 allows 4 GiB, real tables are a few KiB. */
    public static final int MAX_TABLE_BYTES = 16 << 20;

    private SmbiosParser() {
    }

    /** Decodes a {@code dmidecode --dump-bin} image (entry point at 0, table where it points). */
    public static SmbiosTable parseDump(byte[] dump, String source) {
        List<String> problems = new ArrayList<>();
        EntryPoint.Parsed ep = EntryPoint.parse(Arrays.copyOf(dump, Math.min(dump.length, 0x20)));
        if (ep.entryPoint() == null) {
            // Not a dump-bin but perhaps a copy of the sysfs DMI file: decode it as a raw table.
            List<String> raw = new ArrayList<>();
            raw.add("no entry point (_SM3_, _SM_ or _DMI_) at the start: decoded as a raw table, SMBIOS "
                    + SmbiosVersion.ASSUMED + " assumed");
            return walk(dump, SmbiosVersion.ASSUMED, null, -1, true, source, raw);
        }
        problems.addAll(ep.problems());
        EntryPoint e = ep.entryPoint();
        long addr = e.tableAddress();
        if (addr < 0 || addr >= dump.length) {
            problems.add("table address 0x" + Long.toHexString(addr) + " lies outside the " + dump.length + "-byte dump");
            return new SmbiosTable(source, e.version(), e, List.of(), problems);
        }
        byte[] table = Arrays.copyOfRange(dump, (int) addr, dump.length);
        return parseTable(table, e, source, problems);
    }

    /** Decodes a table read from {@code /sys/firmware/dmi/tables/DMI} with its entry point. */
    public static SmbiosTable parseTable(byte[] table, EntryPoint ep, String source, List<String> earlier) {
        List<String> problems = new ArrayList<>(earlier);
        byte[] t = table;
        int count = -1;
        boolean stopAtEnd = true;
        SmbiosVersion version = SmbiosVersion.ASSUMED;
        if (ep != null) {
            version = ep.version();
            if (ep.kind() == EntryPoint.Kind.SMBIOS3) {
                if (t.length > ep.tableLength()) {
                    t = Arrays.copyOf(t, (int) ep.tableLength());
                }
            } else {
                stopAtEnd = false;
                count = ep.structureCount();
                if (t.length < ep.tableLength()) {
                    problems.add("table is " + t.length + " bytes, the entry point announces " + ep.tableLength());
                } else if (t.length > ep.tableLength()) {
                    t = Arrays.copyOf(t, (int) ep.tableLength());
                }
            }
        }
        return walk(t, version, ep, count, stopAtEnd, source, problems);
    }

    /** Decodes a raw table without entry point (e.g. a copy of the sysfs DMI file) as {@code version}. */
    public static SmbiosTable parseRaw(byte[] table, SmbiosVersion version, String source) {
        return walk(table, version, null, -1, true, source, new ArrayList<>());
    }

    private static SmbiosTable walk(byte[] b, SmbiosVersion version, EntryPoint ep, int count, boolean stopAtEnd,
            String source, List<String> problems) {
        List<SmbiosStructure> out = new ArrayList<>();
        Set<Integer> handles = new HashSet<>();
        int len = b.length;
        int pos = 0;
        boolean sawEnd = false;
        while ((count < 0 || out.size() < count) && pos + 4 <= len) {
            int type = b[pos] & 0xff;
            int length = b[pos + 1] & 0xff;
            int handle = (b[pos + 2] & 0xff) | (b[pos + 3] & 0xff) << 8;
            if (length < 4) {
                problems.add(String.format("structure at offset %d (type %d, handle 0x%04X) has invalid length %d:"
                        + " the table is broken, stopped there", pos, type, handle, length));
                break;
            }
            int next = pos + length;
            while (next + 1 < len && (b[next] != 0 || b[next + 1] != 0)) {
                next++;
            }
            next += 2;
            if (next > len) {
                problems.add(String.format("structure at offset %d (type %d, handle 0x%04X) runs past the end of"
                        + " the %d-byte table: truncated, stopped there", pos, type, handle, len));
                break;
            }
            List<String> strings = new ArrayList<>();
            int i = pos + length;
            while (i < next && b[i] != 0) {
                int start = i;
                while (b[i] != 0) {
                    i++;
                }
                strings.add(SmbiosStructure.text(b, start, i));
                i++;
            }
            if (!handles.add(handle) && type != SmbiosStructure.TYPE_INACTIVE) {
                problems.add(String.format("handle 0x%04X is used twice (type %d at offset %d)", handle, type, pos));
            }
            out.add(new SmbiosStructure(type, handle, pos, Arrays.copyOfRange(b, pos, pos + length), List.copyOf(strings)));
            pos = next;
            if (type == SmbiosStructure.TYPE_END_OF_TABLE) {
                sawEnd = true;
                if (stopAtEnd) {
                    break;
                }
            }
        }
        if (count >= 0 && out.size() != count) {
            problems.add("entry point announces " + count + " structures, " + out.size() + " were read");
        }
        if (count >= 0 && ep != null && pos != ep.tableLength() && out.size() == count) {
            problems.add("entry point announces a " + ep.tableLength() + "-byte table, the structures occupy " + pos + " bytes");
        }
        if (!sawEnd && !out.isEmpty()) {
            problems.add("no end-of-table structure (type 127)");
        }
        if (out.isEmpty()) {
            problems.add("no structures in the table");
        }
        return new SmbiosTable(source, version, ep, out, problems);
    }
}
