package dev.bronze.hardware.smbios;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes the formatted area of the structure types this package models (DSP0134 section 7) into a
 * typed value and dmidecode-vocabulary {@link Field}s. Every read is guarded by the structure's
 * length, in the same steps the specification grew fields (a 2.0 table has shorter structures).
 */
final class StructureDecoder {

    private StructureDecoder() {
    }

    /** Collects fields; string lookups render "Not Specified" and "<BAD INDEX>" as dmidecode does. */
    private static final class Out {
        final SmbiosStructure s;
        final List<Field> fields = new ArrayList<>();

        Out(SmbiosStructure s) {
            this.s = s;
        }

        void add(String label, String value) {
            fields.add(Field.of(label, value));
        }

        void list(String label, String value, List<String> items) {
            fields.add(new Field(label, value, items));
        }

        /** Adds a string field; returns the raw value (null when the index is 0) for the typed record. */
        String str(String label, int off) {
            String v = s.string(s.u8(off));
            add(label, v == null ? "Not Specified" : v);
            return v;
        }
    }

    static DecodedStructure decode(SmbiosStructure s, SmbiosVersion v) {
        Out o = new Out(s);
        Object value = switch (s.type()) {
            case 0 -> bios(o);
            case 1 -> system(o, v);
            case 2 -> baseboard(o);
            case 3 -> chassis(o);
            case 4 -> processor(o, v);
            case 7 -> cache(o);
            case 9 -> slot(o);
            case 11 -> oemStrings(o);
            case 16 -> memoryArray(o);
            case 17 -> memoryDevice(o);
            case 19 -> mappedAddress(o);
            case 32 -> boot(o);
            case 38 -> ipmi(o);
            case 41 -> onboard(o);
            case 43 -> tpm(o);
            default -> null;
        };
        return new DecodedStructure(s.handle(), s.type(), s.length(), Names.title(s.type()), o.fields, value);
    }

    private static final char[] UPPER = "0123456789ABCDEF".toCharArray();
    private static final char[] LOWER = "0123456789abcdef".toCharArray();

    /** "0x%04X" without a Formatter: handles are printed hundreds of times per table. */
    static String hex4(int v) {
        return new String(new char[] {'0', 'x', UPPER[(v >> 12) & 0xF], UPPER[(v >> 8) & 0xF], UPPER[(v >> 4) & 0xF], UPPER[v & 0xF]});
    }

    static String hex2(int v, boolean upper) {
        char[] t = upper ? UPPER : LOWER;
        return new String(new char[] {t[(v >> 4) & 0xF], t[v & 0xF]});
    }

    /** Trimmed for the typed API (firmware pads with spaces); null stays null. */
    private static String t(String s) {
        return s == null || s.equals(SmbiosStructure.BAD_INDEX) ? null : s.strip();
    }

    // 7.1
    private static BiosInfo bios(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x12) {
            return null;
        }
        String vendor = o.str("Vendor", 0x04);
        String version = o.str("Version", 0x05);
        String date = o.str("Release Date", 0x08);
        int segment = s.u16(0x06);
        // UEFI firmware has no real-mode segment; dmidecode prints nothing for 0.
        if (segment != 0) {
            o.add("Address", String.format("0x%04X0", segment));
            long runtime = (long) (0x10000 - segment) << 4;
            o.add("Runtime Size", (runtime & 0x3FF) != 0 ? runtime + " bytes" : (runtime >> 10) + " kB");
        }
        Long rom;
        if (s.u8(0x09) != 0xFF) {
            long kb = (long) (s.u8(0x09) + 1) << 6;
            rom = kb << 10;
            o.add("ROM Size", Sizes.format(kb, 1));
        } else {
            int ext = s.length() < 0x1A ? 16 : s.u16(0x18);
            int unit = ext >> 14;
            long n = ext & 0x3FFF;
            rom = null;
            if (unit == 0) {
                rom = n << 20;
            } else if (unit == 1) {
                rom = n << 30;
            }
            o.add("ROM Size", unit == 0 ? n + " MB" : unit == 1 ? n + " GB" : n + " " + Names.OUT_OF_SPEC);
        }
        long c = s.u64(0x0A);
        List<String> chars = new ArrayList<>();
        if ((c & (1 << 3)) != 0) {
            chars.add(Names.BIOS_CHARACTERISTICS.get(0));
        } else {
            chars.addAll(Names.bits(c & 0xFFFFFFFFL, Names.BIOS_CHARACTERISTICS.subList(1, 29), 4));
        }
        int x1 = s.length() >= 0x13 ? s.u8(0x12) : 0;
        int x2 = s.length() >= 0x14 ? s.u8(0x13) : 0;
        chars.addAll(Names.bits(x1, Names.BIOS_CHARACTERISTICS_X1, 0));
        chars.addAll(Names.bits(x2, Names.BIOS_CHARACTERISTICS_X2, 0));
        o.list("Characteristics", "", chars);
        String biosRev = null;
        String fwRev = null;
        if (s.length() >= 0x18) {
            if (s.u8(0x14) != 0xFF && s.u8(0x15) != 0xFF) {
                biosRev = s.u8(0x14) + "." + s.u8(0x15);
                o.add("BIOS Revision", biosRev);
            }
            if (s.u8(0x16) != 0xFF && s.u8(0x17) != 0xFF) {
                fwRev = s.u8(0x16) + "." + s.u8(0x17);
                o.add("Firmware Revision", fwRev);
            }
        }
        return new BiosInfo(t(vendor), t(version), t(date), rom, List.copyOf(chars), biosRev, fwRev,
                (x2 & 0x08) != 0, (x2 & 0x10) != 0);
    }

    // 7.2
    private static SystemInfo system(Out o, SmbiosVersion v) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x08) {
            return null;
        }
        String man = o.str("Manufacturer", 0x04);
        String prod = o.str("Product Name", 0x05);
        String ver = o.str("Version", 0x06);
        String serial = o.str("Serial Number", 0x07);
        if (s.length() < 0x19) {
            return new SystemInfo(t(man), t(prod), t(ver), t(serial), null, null, null, null);
        }
        String uuidText = uuid(s.data(), 0x08, v);
        o.add("UUID", uuidText);
        String wake = Names.pick(Names.WAKE_UP, 0, s.u8(0x18));
        o.add("Wake-up Type", wake);
        String uuid = uuidText.contains("-") ? uuidText : null;
        if (s.length() < 0x1B) {
            return new SystemInfo(t(man), t(prod), t(ver), t(serial), uuid, wake, null, null);
        }
        String sku = o.str("SKU Number", 0x19);
        String fam = o.str("Family", 0x1A);
        return new SystemInfo(t(man), t(prod), t(ver), t(serial), uuid, wake, t(sku), t(fam));
    }

    /**
     * SMBIOS 2.6 and later store the first three UUID fields little-endian (DSP0134 7.2.1); earlier
     * tables are printed in byte order, as dmidecode and the kernel do.
     */
    static String uuid(byte[] d, int off, SmbiosVersion v) {
        boolean zeros = true;
        boolean ones = true;
        for (int i = 0; i < 16; i++) {
            zeros &= d[off + i] == 0;
            ones &= d[off + i] == (byte) 0xFF;
        }
        if (ones) {
            return "Not Present";
        }
        if (zeros) {
            return "Not Settable";
        }
        int[] order = v.atLeast(2, 6)
                ? new int[] {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15}
                : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        StringBuilder b = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                b.append('-');
            }
            b.append(hex2(d[off + order[i]] & 0xff, false));
        }
        return b.toString();
    }

    // 7.3
    private static BaseboardInfo baseboard(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x08) {
            return null;
        }
        String man = o.str("Manufacturer", 0x04);
        String prod = o.str("Product Name", 0x05);
        String ver = o.str("Version", 0x06);
        String serial = o.str("Serial Number", 0x07);
        String asset = null;
        String location = null;
        String type = null;
        if (s.length() >= 0x09) {
            asset = o.str("Asset Tag", 0x08);
        }
        if (s.length() >= 0x0A) {
            int f = s.u8(0x09);
            if ((f & 0x1F) == 0) {
                o.add("Features", "None");
            } else {
                o.list("Features", "", Names.bits(f, Names.BOARD_FEATURES, 0));
            }
        }
        if (s.length() >= 0x0E) {
            location = o.str("Location In Chassis", 0x0A);
            o.add("Chassis Handle", hex4(s.u16(0x0B)));
            type = Names.pick(Names.BOARD_TYPES, 1, s.u8(0x0D));
            o.add("Type", type);
            if (s.length() >= 0x0F) {
                int n = s.u8(0x0E);
                if (s.length() >= 0x0F + n * 2) {
                    List<String> handles = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        handles.add(hex4(s.u16(0x0F + 2 * i)));
                    }
                    o.list("Contained Object Handles", String.valueOf(n), handles);
                }
            }
        }
        return new BaseboardInfo(t(man), t(prod), t(ver), t(serial), t(asset), t(location), type);
    }

    // 7.4
    private static ChassisInfo chassis(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x09) {
            return null;
        }
        String man = o.str("Manufacturer", 0x04);
        String type = Names.pick(Names.CHASSIS_TYPES, 1, s.u8(0x05) & 0x7F);
        o.add("Type", type);
        o.add("Lock", (s.u8(0x05) & 0x80) != 0 ? "Present" : "Not Present");
        String ver = o.str("Version", 0x06);
        String serial = o.str("Serial Number", 0x07);
        String asset = o.str("Asset Tag", 0x08);
        Integer height = null;
        String sku = null;
        if (s.length() >= 0x0D) {
            o.add("Boot-up State", Names.pick(Names.CHASSIS_STATES, 1, s.u8(0x09)));
            o.add("Power Supply State", Names.pick(Names.CHASSIS_STATES, 1, s.u8(0x0A)));
            o.add("Thermal State", Names.pick(Names.CHASSIS_STATES, 1, s.u8(0x0B)));
            o.add("Security Status", Names.pick(Names.CHASSIS_SECURITY, 1, s.u8(0x0C)));
        }
        if (s.length() >= 0x11) {
            o.add("OEM Information", String.format("0x%08X", s.u32(0x0D)));
        }
        if (s.length() >= 0x13) {
            int h = s.u8(0x11);
            height = h == 0 ? null : h;
            o.add("Height", h == 0 ? "Unspecified" : h + " U");
            int cords = s.u8(0x12);
            o.add("Number Of Power Cords", cords == 0 ? "Unspecified" : String.valueOf(cords));
        }
        if (s.length() >= 0x15) {
            int n = s.u8(0x13);
            int m = s.u8(0x14);
            if (s.length() >= 0x15 + n * m) {
                List<String> items = new ArrayList<>();
                if (m >= 3) {
                    for (int i = 0; i < n; i++) {
                        int p = 0x15 + i * m;
                        int code = s.u8(p);
                        String name = (code & 0x80) != 0
                                ? Names.pick(Names.STRUCTURE_TYPES, 0, code & 0x7F)
                                : Names.pick(Names.BOARD_TYPES, 1, code & 0x7F);
                        int min = s.u8(p + 1);
                        int max = s.u8(p + 2);
                        items.add(name + " (" + (min == max ? String.valueOf(min) : min + "-" + max) + ")");
                    }
                }
                o.list("Contained Elements", String.valueOf(n), items);
                if (s.length() >= 0x16 + n * m) {
                    sku = o.str("SKU Number", 0x15 + n * m);
                }
            }
        }
        return new ChassisInfo(t(man), type, t(ver), t(serial), t(asset), t(sku), height);
    }

    // 7.5
    private static ProcessorInfo processor(Out o, SmbiosVersion v) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x1A) {
            return null;
        }
        String socket = o.str("Socket Designation", 0x04);
        String type = Names.pick(Names.PROCESSOR_TYPES, 1, s.u8(0x05));
        o.add("Type", type);
        String family = processorFamily(s, v);
        o.add("Family", family);
        String man = o.str("Manufacturer", 0x07);
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            id.append(i == 0 ? "" : " ").append(hex2(s.u8(0x08 + i), true));
        }
        o.add("ID", id.toString());
        String signature = signature(o, s);
        String ver = o.str("Version", 0x10);
        o.add("Voltage", voltage(s.u8(0x11)));
        Integer ext = mhz(o, "External Clock", s.u16(0x12));
        Integer max = mhz(o, "Max Speed", s.u16(0x14));
        Integer cur = mhz(o, "Current Speed", s.u16(0x16));
        int st = s.u8(0x18);
        boolean populated = (st & 0x40) != 0;
        String status = Names.PROCESSOR_STATUS.get(st & 7);
        o.add("Status", populated ? "Populated, " + status : "Unpopulated");
        String upgrade = Names.pick(Names.PROCESSOR_UPGRADES, 1, s.u8(0x19));
        o.add("Upgrade", upgrade);
        String serial = null;
        String asset = null;
        String part = null;
        Integer cores = null;
        Integer enabled = null;
        Integer threads = null;
        List<String> chars = List.of();
        if (s.length() >= 0x20) {
            cacheHandle(o, "L1", s.u16(0x1A), v);
            cacheHandle(o, "L2", s.u16(0x1C), v);
            cacheHandle(o, "L3", s.u16(0x1E), v);
        }
        if (s.length() >= 0x23) {
            serial = o.str("Serial Number", 0x20);
            asset = o.str("Asset Tag", 0x21);
            part = o.str("Part Number", 0x22);
        }
        if (s.length() >= 0x28) {
            cores = count(o, "Core Count", s, 0x23, 0x2A, 0x2C);
            enabled = count(o, "Core Enabled", s, 0x24, 0x2C, 0x2E);
            threads = count(o, "Thread Count", s, 0x25, 0x2E, 0x30);
            int c = s.u16(0x26);
            // dmidecode 3.4 tests only bits 2-7 for "None" but names bits 8-9 when others are set.
            if ((c & 0x00FC) == 0) {
                o.add("Characteristics", "None");
            } else {
                chars = Names.bits(c, Names.PROCESSOR_CHARACTERISTICS, 2);
                o.list("Characteristics", "", chars);
            }
        }
        return new ProcessorInfo(t(socket), type, family, t(man), id.toString(), signature, t(ver), ext, max, cur, populated,
                status, upgrade, t(serial), t(asset), t(part), cores, enabled, threads, chars);
    }

    private static final String[] CPUID_EDX_FLAGS = {"FPU (Floating-point unit on-chip)",
        "VME (Virtual mode extension)", "DE (Debugging extension)", "PSE (Page size extension)",
        "TSC (Time stamp counter)", "MSR (Model specific registers)", "PAE (Physical address extension)",
        "MCE (Machine check exception)", "CX8 (CMPXCHG8 instruction supported)",
        "APIC (On-chip APIC hardware supported)", null, "SEP (Fast system call)",
        "MTRR (Memory type range registers)", "PGE (Page global enable)", "MCA (Machine check architecture)",
        "CMOV (Conditional move instruction supported)", "PAT (Page attribute table)",
        "PSE-36 (36-bit page size extension)", "PSN (Processor serial number present and enabled)",
        "CLFSH (CLFLUSH instruction supported)", null, "DS (Debug store)", "ACPI (ACPI supported)",
        "MMX (MMX technology supported)", "FXSR (FXSAVE and FXSTOR instructions supported)",
        "SSE (Streaming SIMD extensions)", "SSE2 (Streaming SIMD extensions 2)", "SS (Self-snoop)",
        "HTT (Multi-threading)", "TM (Thermal monitor supported)", null, "PBE (Pending break enabled)"};

    /**
     * The processor ID decoded: x86 CPUID leaf 1 (EAX signature, EDX feature flags; Intel AP-485 and
     * AMD 25481 family/model formulas) or an Arm MIDR (SMBIOS 3.1+). Which rule applies depends on
     * the family code, as in dmidecode; returns the signature text or null.
     */
    private static String signature(Out o, SmbiosStructure s) {
        int type = s.u8(0x06) == 0xFE && s.length() >= 0x2A ? s.u16(0x28) : s.u8(0x06);
        long eax = s.u32(0x08);
        long edx = s.u32(0x0C);
        int sig;
        if (type == 0x05) {
            int dx = s.u16(0x08);
            String t = String.format("Type %d, Family %d, Major Stepping %d, Minor Stepping %d",
                    dx >> 12, (dx >> 8) & 0xF, (dx >> 4) & 0xF, dx & 0xF);
            o.add("Signature", t);
            return t;
        }
        if (type == 0x06) {
            int dx = s.u16(0x08);
            if ((dx & 0x0F00) == 0x0400 && ((dx & 0x00F0) == 0x0040 || (dx & 0x00F0) >= 0x0070) && (dx & 0x000F) >= 0x0003) {
                sig = 1;
            } else {
                String t = String.format("Type %d, Family %d, Model %d, Stepping %d",
                        (dx >> 12) & 0x3, (dx >> 8) & 0xF, (dx >> 4) & 0xF, dx & 0xF);
                o.add("Signature", t);
                return t;
            }
        } else if (type == 0x100 || type == 0x101 || type == 0x118 || type == 0x119) {
            if (s.length() >= 0x28 && (s.u16(0x26) & (1 << 9)) != 0) {
                // "Arm64 SoC ID" characteristic: the ID is SMCCC SOC_ID (JEP-106 code, SoC id, revision).
                String t = String.format("JEP-106 Bank 0x%02x Manufacturer 0x%02x, SoC ID 0x%04x, SoC Revision 0x%08x",
                        (eax >> 24) & 0x7F, (eax >> 16) & 0x7F, eax & 0xFFFF, edx);
                o.add("Signature", t);
                return t;
            }
            // MIDR_EL1; undefined before SMBIOS 3.1.0, so all zeroes means "not provided".
            if (eax == 0) {
                return null;
            }
            String t = String.format("Implementor 0x%02x, Variant 0x%x, Architecture %d, Part 0x%03x, Revision %d",
                    eax >> 24, (eax >> 20) & 0xF, (eax >> 16) & 0xF, (eax >> 4) & 0xFFF, eax & 0xF);
            o.add("Signature", t);
            return t;
        } else if (type >= 0x0B && type <= 0x15 || type >= 0x28 && type <= 0x2F || type >= 0xA1 && type <= 0xB3
                || type == 0xB5 || type >= 0xB9 && type <= 0xC7 || type >= 0xCD && type <= 0xCF
                || type >= 0xD2 && type <= 0xDB || type >= 0xDD && type <= 0xE0) {
            sig = 1;
        } else if (type >= 0x18 && type <= 0x1D || type == 0x1F || type >= 0x38 && type <= 0x3F
                || type >= 0x46 && type <= 0x4F || type >= 0x66 && type <= 0x6B || type >= 0x83 && type <= 0x8F
                || type >= 0xB6 && type <= 0xB7 || type >= 0xE4 && type <= 0xEF) {
            sig = 2;
        } else if (type == 0x01 || type == 0x02) {
            String v = s.string(s.u8(0x10));
            v = v == null ? "Not Specified" : v;
            if (v.startsWith("Pentium III MMX") || v.startsWith("Intel(R) Core(TM)2") || v.startsWith("Intel(R) Pentium(R)")
                    || v.equals("Genuine Intel(R) CPU U1400")) {
                sig = 1;
            } else if (v.startsWith("AMD Athlon(TM)") || v.startsWith("AMD Opteron(tm)") || v.startsWith("Dual-Core AMD Opteron(tm)")) {
                sig = 2;
            } else {
                return null;
            }
        } else {
            return null;
        }
        String t;
        if (sig == 1) {
            t = String.format("Type %d, Family %d, Model %d, Stepping %d", (eax >> 12) & 0x3,
                    ((eax >> 20) & 0xFF) + ((eax >> 8) & 0x0F), ((eax >> 12) & 0xF0) + ((eax >> 4) & 0x0F), eax & 0xF);
        } else {
            boolean ext = ((eax >> 8) & 0xF) == 0xF;
            t = String.format("Family %d, Model %d, Stepping %d", ((eax >> 8) & 0xF) + (ext ? (eax >> 20) & 0xFF : 0),
                    ((eax >> 4) & 0xF) | (ext ? (eax >> 12) & 0xF0 : 0), eax & 0xF);
        }
        o.add("Signature", t);
        if ((edx & 0xBFEFFBFFL) == 0) {
            o.add("Flags", "None");
        } else {
            List<String> flags = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                if (CPUID_EDX_FLAGS[i] != null && (edx & (1L << i)) != 0) {
                    flags.add(CPUID_EDX_FLAGS[i]);
                }
            }
            o.list("Flags", "", flags);
        }
        return t;
    }

    private static String processorFamily(SmbiosStructure s, SmbiosVersion v) {
        int code = s.u8(0x06) == 0xFE && s.length() >= 0x2A ? s.u16(0x28) : s.u8(0x06);
        String man = s.string(s.u8(0x07));
        man = man == null ? "Not Specified" : man;
        // 0x30 meant Pentium Pro in SMBIOS 2.0; 0xBE is shared by Intel Core 2 and AMD K7 (DSP0134 note).
        if (v.major() == 2 && v.minor() == 0 && s.u8(0x06) == 0x30 && man.regionMatches(true, 0, "Intel", 0, 5)) {
            return "Pentium Pro";
        }
        if (code == 0xBE) {
            if (man.contains("Intel") || man.regionMatches(true, 0, "Intel", 0, 5)) {
                return "Core 2";
            }
            if (man.contains("AMD") || man.regionMatches(true, 0, "AMD", 0, 3)) {
                return "K7";
            }
            return "Core 2 or K7";
        }
        return Names.PROCESSOR_FAMILIES.getOrDefault(code, Names.OUT_OF_SPEC);
    }

    private static String voltage(int code) {
        if ((code & 0x80) != 0) {
            return String.format(Locale.ROOT, "%.1f V", (code & 0x7F) / 10.0f);
        }
        if ((code & 0x07) == 0) {
            return "Unknown";
        }
        List<String> v = new ArrayList<>();
        String[] names = {"5.0 V", "3.3 V", "2.9 V"};
        for (int i = 0; i < 3; i++) {
            if ((code & (1 << i)) != 0) {
                v.add(names[i]);
            }
        }
        return String.join(" ", v);
    }

    private static Integer mhz(Out o, String label, int code) {
        o.add(label, code == 0 ? "Unknown" : code + " MHz");
        return code == 0 ? null : code;
    }

    private static void cacheHandle(Out o, String level, int h, SmbiosVersion v) {
        String text = h != 0xFFFF ? hex4(h) : v.atLeast(2, 3) ? "Not Provided" : "No " + level + " Cache";
        o.add(level + " Cache Handle", text);
    }

    private static Integer count(Out o, String label, SmbiosStructure s, int off, int off2, int minLen) {
        int n = s.u8(off);
        if (n == 0) {
            return null;
        }
        int value = s.length() >= minLen && n == 0xFF ? s.u16(off2) : n;
        o.add(label, String.valueOf(value));
        return value;
    }

    // 7.8
    private static CacheInfo cache(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x0F) {
            return null;
        }
        String socket = o.str("Socket Designation", 0x04);
        int cfg = s.u16(0x05);
        boolean enabled = (cfg & 0x80) != 0;
        int level = (cfg & 7) + 1;
        o.add("Configuration", (enabled ? "Enabled" : "Disabled") + ", "
                + ((cfg & 0x08) != 0 ? "Socketed" : "Not Socketed") + ", Level " + level);
        o.add("Operational Mode", Names.CACHE_OPERATIONAL_MODES.get((cfg >> 8) & 3));
        o.add("Location", Names.CACHE_LOCATIONS.get((cfg >> 5) & 3));
        long installed = s.length() >= 0x1B ? cacheSize(s.u32(0x17)) : cacheSize16(s.u16(0x09));
        long maximum = s.length() >= 0x17 ? cacheSize(s.u32(0x13)) : cacheSize16(s.u16(0x07));
        o.add("Installed Size", Sizes.format(installed, 1));
        o.add("Maximum Size", Sizes.format(maximum, 1));
        int sup = s.u16(0x0B);
        if ((sup & 0x7F) == 0) {
            o.add("Supported SRAM Types", "None");
        } else {
            o.list("Supported SRAM Types", "", Names.bits(sup, Names.CACHE_SRAM_TYPES, 0));
        }
        int inst = s.u16(0x0D);
        o.add("Installed SRAM Type", (inst & 0x7F) == 0 ? "None" : String.join(" ", Names.bits(inst, Names.CACHE_SRAM_TYPES, 0)));
        String systemType = null;
        if (s.length() >= 0x13) {
            int speed = s.u8(0x0F);
            o.add("Speed", speed == 0 ? "Unknown" : speed + " ns");
            o.add("Error Correction Type", Names.pick(Names.CACHE_ECC, 1, s.u8(0x10)));
            systemType = Names.pick(Names.CACHE_SYSTEM_TYPES, 1, s.u8(0x11));
            o.add("System Type", systemType);
            o.add("Associativity", Names.pick(Names.CACHE_ASSOCIATIVITY, 1, s.u8(0x12)));
        }
        return new CacheInfo(t(socket), level, enabled, installed << 10, maximum << 10, systemType);
    }

    /** Cache size in KiB: bit 31 selects 64 KiB granularity (DSP0134 7.8, "Maximum Cache Size 2"). */
    private static long cacheSize(long code) {
        return (code & 0x80000000L) != 0 ? (code & 0x7FFFFFFFL) << 6 : code;
    }

    private static long cacheSize16(int code) {
        return cacheSize(((long) code & 0x8000) << 16 | (code & 0x7FFF));
    }

    // 7.10
    private static SystemSlot slot(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x0C) {
            return null;
        }
        String des = o.str("Designation", 0x04);
        int w = s.u8(0x06);
        String width = w >= 1 && w <= 0x0E ? Names.SLOT_BUS_WIDTHS.get(w - 1) : Names.OUT_OF_SPEC + " ";
        String type = width + Names.slotType(s.u8(0x05));
        o.add("Type", type);
        String usage = Names.pick(Names.SLOT_USAGE, 1, s.u8(0x07));
        o.add("Current Usage", usage);
        String length = Names.pick(Names.SLOT_LENGTHS, 1, s.u8(0x08));
        o.add("Length", length);
        int st = s.u8(0x05);
        // The slot ID means something only for buses that number their slots (DSP0134 7.10.5).
        if (st == 0x04 || st == 0x05 || st == 0x06 || st >= 0x0E && st <= 0x13 || st >= 0x1F && st <= 0x23
                || st >= 0xA5 && st <= 0xC4 && st != 0xB7) {
            o.add("ID", String.valueOf(s.u8(0x09)));
        } else if (st == 0x07) {
            o.add("ID", "Adapter " + s.u8(0x09) + ", Socket " + s.u8(0x0A));
        }
        int c1 = s.u8(0x0B);
        int c2 = s.length() < 0x0D ? 0 : s.u8(0x0C);
        if ((c1 & 1) != 0) {
            o.add("Characteristics", "Unknown");
        } else if ((c1 & 0xFE) == 0 && (c2 & 0x07) == 0) {
            o.add("Characteristics", "None");
        } else {
            List<String> chars = new ArrayList<>(Names.bits(c1, Names.SLOT_CHARACTERISTICS_1, 1));
            chars.addAll(Names.bits(c2, Names.SLOT_CHARACTERISTICS_2, 0));
            o.list("Characteristics", "", chars);
        }
        String bus = null;
        if (s.length() >= 0x11) {
            int seg = s.u16(0x0D);
            int b = s.u8(0x0F);
            int df = s.u8(0x10);
            if (!(seg == 0xFFFF && b == 0xFF && df == 0xFF)) {
                bus = String.format("%04x:%02x:%02x.%x", seg, b, df >> 3, df & 7);
                o.add("Bus Address", bus);
            }
        }
        return new SystemSlot(t(des), type, usage, length, bus);
    }

    // 7.12
    private static OemStrings oemStrings(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x05) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= s.u8(0x04); i++) {
            String v = s.string(i);
            o.add("String " + i, v == null ? "Not Specified" : v);
            if (v != null && !v.equals(SmbiosStructure.BAD_INDEX)) {
                values.add(v);
            }
        }
        return new OemStrings(List.copyOf(values));
    }

    // 7.17
    private static MemoryArray memoryArray(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x0F) {
            return null;
        }
        int loc = s.u8(0x04);
        String location = loc >= 0xA0 ? Names.pick(Names.MEMORY_ARRAY_LOCATIONS_A0, 0xA0, loc)
                : Names.pick(Names.MEMORY_ARRAY_LOCATIONS, 1, loc);
        o.add("Location", location);
        String use = Names.pick(Names.MEMORY_ARRAY_USES, 1, s.u8(0x05));
        o.add("Use", use);
        String ecc = Names.pick(Names.MEMORY_ARRAY_ECC, 1, s.u8(0x06));
        o.add("Error Correction Type", ecc);
        Long max;
        long cap = s.u32(0x07);
        if (cap == 0x80000000L) {
            if (s.length() < 0x17) {
                max = null;
                o.add("Maximum Capacity", "Unknown");
            } else {
                max = s.u64(0x0F);
                o.add("Maximum Capacity", Sizes.format(max, 0));
            }
        } else {
            max = cap << 10;
            o.add("Maximum Capacity", Sizes.format(cap, 1));
        }
        o.add("Error Information Handle", errorHandle(s.u16(0x0B)));
        int n = s.u16(0x0D);
        o.add("Number Of Devices", String.valueOf(n));
        return new MemoryArray(location, use, ecc, max, n);
    }

    private static String errorHandle(int h) {
        return h == 0xFFFE ? "Not Provided" : h == 0xFFFF ? "No Error" : hex4(h);
    }

    // 7.18
    private static MemoryDevice memoryDevice(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x15) {
            return null;
        }
        o.add("Array Handle", hex4(s.u16(0x04)));
        o.add("Error Information Handle", errorHandle(s.u16(0x06)));
        Integer total = width(o, "Total Width", s.u16(0x08));
        Integer data = width(o, "Data Width", s.u16(0x0A));
        Long size;
        int code = s.u16(0x0C);
        if (s.length() >= 0x20 && code == 0x7FFF) {
            long mb = s.u32(0x1C) & 0x7FFFFFFFL;
            size = mb << 20;
            o.add("Size", (mb & 0x3FF) != 0 ? mb + " MB" : (mb & 0xFFC00) != 0 ? (mb >> 10) + " GB" : (mb >> 20) + " TB");
        } else if (code == 0) {
            size = 0L;
            o.add("Size", "No Module Installed");
        } else if (code == 0xFFFF) {
            size = null;
            o.add("Size", "Unknown");
        } else {
            long kb = (code & 0x8000) != 0 ? code & 0x7FFF : (long) (code & 0x7FFF) << 10;
            size = kb << 10;
            o.add("Size", Sizes.format(kb, 1));
        }
        String ff = Names.pick(Names.MEMORY_FORM_FACTORS, 1, s.u8(0x0E));
        o.add("Form Factor", ff);
        int set = s.u8(0x0F);
        o.add("Set", set == 0 ? "None" : set == 0xFF ? "Unknown" : String.valueOf(set));
        String locator = o.str("Locator", 0x10);
        String bank = o.str("Bank Locator", 0x11);
        String type = Names.pick(Names.MEMORY_TYPES, 1, s.u8(0x12));
        o.add("Type", type);
        int td = s.u16(0x13);
        List<String> detail = (td & 0xFFFE) == 0 ? List.of() : Names.bits(td, Names.MEMORY_TYPE_DETAILS, 1);
        o.add("Type Detail", detail.isEmpty() ? "None" : String.join(" ", detail));
        // An empty slot's remaining fields describe nothing.
        if (code == 0) {
            return new MemoryDevice(s.handle(), t(locator), t(bank), size, ff, type, detail, null, null, null, null,
                    null, null, null, total, data, null, null);
        }
        Integer speed = null;
        Integer configured = null;
        String man = null;
        String serial = null;
        String asset = null;
        String part = null;
        Integer rank = null;
        Integer mv = null;
        if (s.length() >= 0x17) {
            speed = speed(o, "Speed", s.u16(0x15), s.length() >= 0x5C ? s.u32(0x54) : 0);
        }
        if (s.length() >= 0x1B) {
            man = o.str("Manufacturer", 0x17);
            serial = o.str("Serial Number", 0x18);
            asset = o.str("Asset Tag", 0x19);
            part = o.str("Part Number", 0x1A);
        }
        if (s.length() >= 0x1C) {
            int r = s.u8(0x1B) & 0x0F;
            rank = r == 0 ? null : r;
            o.add("Rank", r == 0 ? "Unknown" : String.valueOf(r));
        }
        if (s.length() >= 0x22) {
            configured = speed(o, "Configured Memory Speed", s.u16(0x20), s.length() >= 0x5C ? s.u32(0x58) : 0);
        }
        if (s.length() >= 0x28) {
            millivolts(o, "Minimum Voltage", s.u16(0x22));
            millivolts(o, "Maximum Voltage", s.u16(0x24));
            mv = millivolts(o, "Configured Voltage", s.u16(0x26));
        }
        String technology = null;
        if (s.length() >= 0x34) {
            // SMBIOS 3.2: persistent memory (NVDIMM, Optane) is told apart from DRAM here.
            technology = Names.pick(Names.MEMORY_TECHNOLOGIES, 1, s.u8(0x28));
            o.add("Memory Technology", technology);
            int modes = s.u16(0x29);
            o.add("Memory Operating Mode Capability", (modes & 0xFFFE) == 0 ? "None"
                    : String.join(" ", Names.bits(modes, Names.MEMORY_OPERATING_MODES, 1)));
            o.str("Firmware Version", 0x2B);
            o.add("Module Manufacturer ID", jedecId(s.u16(0x2C)));
            o.add("Module Product ID", productId(s.u16(0x2E)));
            o.add("Memory Subsystem Controller Manufacturer ID", jedecId(s.u16(0x30)));
            o.add("Memory Subsystem Controller Product ID", productId(s.u16(0x32)));
        }
        String[] sizeLabels = {"Non-Volatile Size", "Volatile Size", "Cache Size", "Logical Size"};
        for (int i = 0; i < 4; i++) {
            int off = 0x34 + 8 * i;
            if (s.length() >= off + 8) {
                long v = s.u64(off);
                o.add(sizeLabels[i], v == -1L ? "Unknown" : v == 0 ? "None" : Sizes.format(v, 0));
            }
        }
        return new MemoryDevice(s.handle(), t(locator), t(bank), size, ff, type, detail, speed, configured, t(man),
                t(serial), t(asset), t(part), rank, total, data, mv, technology);
    }

    /** JEDEC JEP-106 manufacturer: bank in the low byte (continuation count), id in the high byte. */
    private static String jedecId(int code) {
        return code == 0 ? "Unknown" : String.format("Bank %d, Hex 0x%02X", (code & 0x7F) + 1, code >> 8);
    }

    private static String productId(int code) {
        return code == 0 ? "Unknown" : hex4(code);
    }

    private static Integer width(Out o, String label, int code) {
        boolean unknown = code == 0xFFFF || code == 0;
        o.add(label, unknown ? "Unknown" : code + " bits");
        return unknown ? null : code;
    }

    private static Integer speed(Out o, String label, int code, long extended) {
        long v = code == 0xFFFF ? extended : code;
        o.add(label, v == 0 ? "Unknown" : v + " MT/s");
        return v == 0 ? null : (int) Math.min(v, Integer.MAX_VALUE);
    }

    private static Integer millivolts(Out o, String label, int mv) {
        if (mv == 0) {
            o.add(label, "Unknown");
            return null;
        }
        String text = mv % 100 != 0 ? Sizes.g(mv / 1000.0) : String.format(Locale.ROOT, "%.1f", mv / 1000.0);
        o.add(label, text + " V");
        return mv;
    }

    // 7.20
    private static MappedAddress mappedAddress(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x0F) {
            return null;
        }
        long start;
        long end;
        if (s.length() >= 0x1F && s.u32(0x04) == 0xFFFFFFFFL) {
            start = s.u64(0x0F);
            end = s.u64(0x17);
            o.add("Starting Address", String.format("0x%016X", start));
            o.add("Ending Address", String.format("0x%016X", end));
            // dmidecode calls only an empty range invalid; a reversed one wraps around as unsigned arithmetic.
            o.add("Range Size", start == end ? "Invalid" : Sizes.format(end - start + 1, 0));
        } else {
            long a = s.u32(0x04);
            long b = s.u32(0x08);
            o.add("Starting Address", String.format("0x%08X%03X", a >> 2, (a & 3) << 10));
            o.add("Ending Address", String.format("0x%08X%03X", b >> 2, ((b & 3) << 10) + 0x3FF));
            long kb = (b - a + 1) & 0xFFFFFFFFL;
            o.add("Range Size", kb == 0 ? "Invalid" : Sizes.format(kb, 1));
            start = a << 10;
            end = (b << 10) + 0x3FF;
        }
        int array = s.u16(0x0C);
        o.add("Physical Array Handle", hex4(array));
        o.add("Partition Width", String.valueOf(s.u8(0x0E)));
        return new MappedAddress(start, end, array, s.u8(0x0E));
    }

    // 7.33
    private static BootInfo boot(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x0B) {
            return null;
        }
        String status = Names.bootStatus(s.u8(0x0A));
        o.add("Status", status);
        return new BootInfo(s.u8(0x0A), status);
    }

    // 7.39
    private static IpmiDevice ipmi(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x10) {
            return null;
        }
        int itype = s.u8(0x04);
        String iface = Names.pick(Names.IPMI_INTERFACES, 0, itype);
        o.add("Interface Type", iface);
        String spec = (s.u8(0x05) >> 4) + "." + (s.u8(0x05) & 0x0F);
        o.add("Specification Version", spec);
        o.add("I2C Slave Address", String.format("0x%02x", s.u8(0x06) >> 1));
        if (s.u8(0x07) != 0xFF) {
            o.add("NV Storage Device Address", String.valueOf(s.u8(0x07)));
        } else {
            o.add("NV Storage Device", "Not Present");
        }
        long base;
        String space;
        if (itype == 0x04) {
            base = s.u8(0x08) >> 1;
            space = "SMBus";
            o.add("Base Address", String.format("0x%02X (SMBus)", base));
        } else {
            // Bit 0 of the address says I/O space; the real LSB is in the modifier byte (DSP0134 7.39).
            long raw = s.u64(0x08);
            int lsb = s.length() < 0x11 ? 0 : (s.u8(0x10) >> 4) & 1;
            base = (raw & ~1L) | lsb;
            space = (raw & 1) != 0 ? "I/O" : "Memory-mapped";
            o.add("Base Address", String.format("0x%08X%08X (%s)", base >>> 32, base & 0xFFFFFFFFL, space));
        }
        if (s.length() >= 0x12 && itype != 0x04) {
            int m = s.u8(0x10);
            o.add("Register Spacing", Names.IPMI_REGISTER_SPACING.get(m >> 6));
            if ((m & (1 << 3)) != 0) {
                o.add("Interrupt Polarity", (m & (1 << 1)) != 0 ? "Active High" : "Active Low");
                o.add("Interrupt Trigger Mode", (m & 1) != 0 ? "Level" : "Edge");
            }
        }
        if (s.length() >= 0x12 && s.u8(0x11) != 0) {
            o.add("Interrupt Number", String.valueOf(s.u8(0x11)));
        }
        return new IpmiDevice(iface, spec, base, space);
    }

    // 7.42
    private static OnboardDevice onboard(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x0B) {
            return null;
        }
        String des = o.str("Reference Designation", 0x04);
        String type = Names.pick(Names.ONBOARD_DEVICE_TYPES, 1, s.u8(0x05) & 0x7F);
        o.add("Type", type);
        boolean enabled = (s.u8(0x05) & 0x80) != 0;
        o.add("Status", enabled ? "Enabled" : "Disabled");
        o.add("Type Instance", String.valueOf(s.u8(0x06)));
        String bus = null;
        int seg = s.u16(0x07);
        int b = s.u8(0x09);
        int df = s.u8(0x0A);
        if (!(seg == 0xFFFF && b == 0xFF && df == 0xFF)) {
            bus = String.format("%04x:%02x:%02x.%x", seg, b, df >> 3, df & 7);
            o.add("Bus Address", bus);
        }
        return new OnboardDevice(t(des), type, enabled, s.u8(0x06), bus);
    }

    // 7.44
    private static TpmDevice tpm(Out o) {
        SmbiosStructure s = o.s;
        if (s.length() < 0x1B) {
            return null;
        }
        StringBuilder vendor = new StringBuilder();
        for (int i = 0; i < 4 && s.u8(0x04 + i) != 0; i++) {
            int c = s.u8(0x04 + i);
            vendor.append(c < 32 || c >= 127 ? '.' : (char) c);
        }
        o.add("Vendor ID", vendor.toString());
        int major = s.u8(0x08);
        int minor = s.u8(0x09);
        o.add("Specification Version", major + "." + minor);
        String fw = null;
        if (major == 1) {
            fw = s.u8(0x0C) + "." + s.u8(0x0D);
        } else if (major == 2) {
            long v = s.u32(0x0A);
            fw = (v >> 16) + "." + (v & 0xFFFF);
        }
        if (fw != null) {
            o.add("Firmware Revision", fw);
        }
        String desc = o.str("Description", 0x12);
        long c = s.u64(0x13);
        List<String> chars = (c & 0x04) != 0 ? List.of(Names.TPM_CHARACTERISTICS.get(0))
                : Names.bits(c, Names.TPM_CHARACTERISTICS.subList(1, 4), 3);
        o.list("Characteristics", "", chars);
        if (s.length() >= 0x1F) {
            o.add("OEM-specific Information", String.format("0x%08X", s.u32(0x1B)));
        }
        return new TpmDevice(vendor.toString(), major, minor, fw, t(desc), chars);
    }
}
