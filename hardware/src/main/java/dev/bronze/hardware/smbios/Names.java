package dev.bronze.hardware.smbios;

import java.util.List;
import java.util.Map;

/**
 * The enumerations of DSP0134 (SMBIOS reference specification) in the words dmidecode prints, so
 * that our output and the reference tool's can be compared line by line.
 */
final class Names {

    static final String OUT_OF_SPEC = "<OUT OF SPEC>";

    private Names() {
    }

    /** {@code table[code - first]} or {@link #OUT_OF_SPEC}. */
    static String pick(List<String> table, int first, int code) {
        int i = code - first;
        return i >= 0 && i < table.size() ? table.get(i) : OUT_OF_SPEC;
    }

    /** Names of the bits set in {@code code}, bit {@code first} naming {@code table.get(0)}. */
    static List<String> bits(long code, List<String> table, int first) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            if ((code >>> (first + i) & 1) != 0 && table.get(i) != null) {
                out.add(table.get(i));
            }
        }
        return out;
    }

    static final List<String> STRUCTURE_TYPES = List.of("BIOS", "System", "Base Board", "Chassis", "Processor",
            "Memory Controller", "Memory Module", "Cache", "Port Connector", "System Slots", "On Board Devices",
            "OEM Strings", "System Configuration Options", "BIOS Language", "Group Associations", "System Event Log",
            "Physical Memory Array", "Memory Device", "32-bit Memory Error", "Memory Array Mapped Address",
            "Memory Device Mapped Address", "Built-in Pointing Device", "Portable Battery", "System Reset",
            "Hardware Security", "System Power Controls", "Voltage Probe", "Cooling Device", "Temperature Probe",
            "Electrical Current Probe", "Out-of-band Remote Access", "Boot Integrity Services", "System Boot",
            "64-bit Memory Error", "Management Device", "Management Device Component",
            "Management Device Threshold Data", "Memory Channel", "IPMI Device", "Power Supply",
            "Additional Information", "Onboard Device", "Management Controller Host Interface", "TPM Device",
            "Processor", "Firmware", "String Property");

    /** The headline dmidecode prints under each handle. */
    static String title(int type) {
        return switch (type) {
            case 0 -> "BIOS Information";
            case 1 -> "System Information";
            case 2 -> "Base Board Information";
            case 3 -> "Chassis Information";
            case 4 -> "Processor Information";
            case 5 -> "Memory Controller Information";
            case 6 -> "Memory Module Information";
            case 7 -> "Cache Information";
            case 8 -> "Port Connector Information";
            case 9 -> "System Slot Information";
            case 10 -> "On Board Device Information";
            case 11 -> "OEM Strings";
            case 12 -> "System Configuration Options";
            case 13 -> "BIOS Language Information";
            case 14 -> "Group Associations";
            case 15 -> "System Event Log";
            case 16 -> "Physical Memory Array";
            case 17 -> "Memory Device";
            case 18 -> "32-bit Memory Error Information";
            case 19 -> "Memory Array Mapped Address";
            case 20 -> "Memory Device Mapped Address";
            case 21 -> "Built-in Pointing Device";
            case 22 -> "Portable Battery";
            case 23 -> "System Reset";
            case 24 -> "Hardware Security";
            case 25 -> "System Power Controls";
            case 26 -> "Voltage Probe";
            case 27 -> "Cooling Device";
            case 28 -> "Temperature Probe";
            case 29 -> "Electrical Current Probe";
            case 30 -> "Out-of-band Remote Access";
            case 31 -> "Boot Integrity Services Entry Point";
            case 32 -> "System Boot Information";
            case 33 -> "64-bit Memory Error Information";
            case 34 -> "Management Device";
            case 35 -> "Management Device Component";
            case 36 -> "Management Device Threshold Data";
            case 37 -> "Memory Channel";
            case 38 -> "IPMI Device Information";
            case 39 -> "System Power Supply";
            case 40 -> "Additional Information";
            case 41 -> "Onboard Device";
            case 42 -> "Management Controller Host Interface";
            case 43 -> "TPM Device";
            case 45 -> "Firmware Inventory Information";
            case 46 -> "String Property";
            case 126 -> "Inactive";
            case 127 -> "End Of Table";
            default -> type >= 128 ? "OEM-specific Type" : "Unknown Type";
        };
    }

    static final List<String> BIOS_CHARACTERISTICS = List.of("BIOS characteristics not supported", "ISA is supported",
            "MCA is supported", "EISA is supported", "PCI is supported", "PC Card (PCMCIA) is supported",
            "PNP is supported", "APM is supported", "BIOS is upgradeable", "BIOS shadowing is allowed",
            "VLB is supported", "ESCD support is available", "Boot from CD is supported",
            "Selectable boot is supported", "BIOS ROM is socketed", "Boot from PC Card (PCMCIA) is supported",
            "EDD is supported", "Japanese floppy for NEC 9800 1.2 MB is supported (int 13h)",
            "Japanese floppy for Toshiba 1.2 MB is supported (int 13h)",
            "5.25\"/360 kB floppy services are supported (int 13h)",
            "5.25\"/1.2 MB floppy services are supported (int 13h)",
            "3.5\"/720 kB floppy services are supported (int 13h)",
            "3.5\"/2.88 MB floppy services are supported (int 13h)", "Print screen service is supported (int 5h)",
            "8042 keyboard services are supported (int 9h)", "Serial services are supported (int 14h)",
            "Printer services are supported (int 17h)", "CGA/mono video services are supported (int 10h)",
            "NEC PC-98");
    static final List<String> BIOS_CHARACTERISTICS_X1 = List.of("ACPI is supported", "USB legacy is supported",
            "AGP is supported", "I2O boot is supported", "LS-120 boot is supported", "ATAPI Zip drive boot is supported",
            "IEEE 1394 boot is supported", "Smart battery is supported");
    static final List<String> BIOS_CHARACTERISTICS_X2 = List.of("BIOS boot specification is supported",
            "Function key-initiated network boot is supported", "Targeted content distribution is supported",
            "UEFI is supported", "System is a virtual machine", "Manufacturing mode is supported",
            "Manufacturing mode is enabled");

    static final List<String> WAKE_UP = List.of("Reserved", "Other", "Unknown", "APM Timer", "Modem Ring",
            "LAN Remote", "Power Switch", "PCI PME#", "AC Power Restored");

    static final List<String> BOARD_FEATURES = List.of("Board is a hosting board",
            "Board requires at least one daughter board", "Board is removable", "Board is replaceable",
            "Board is hot swappable");
    static final List<String> BOARD_TYPES = List.of("Unknown", "Other", "Server Blade", "Connectivity Switch",
            "System Management Module", "Processor Module", "I/O Module", "Memory Module", "Daughter Board",
            "Motherboard", "Processor+Memory Module", "Processor+I/O Module", "Interconnect Board");

    static final List<String> CHASSIS_TYPES = List.of("Other", "Unknown", "Desktop", "Low Profile Desktop",
            "Pizza Box", "Mini Tower", "Tower", "Portable", "Laptop", "Notebook", "Hand Held", "Docking Station",
            "All In One", "Sub Notebook", "Space-saving", "Lunch Box", "Main Server Chassis", "Expansion Chassis",
            "Sub Chassis", "Bus Expansion Chassis", "Peripheral Chassis", "RAID Chassis", "Rack Mount Chassis",
            "Sealed-case PC", "Multi-system", "CompactPCI", "AdvancedTCA", "Blade", "Blade Enclosing", "Tablet",
            "Convertible", "Detachable", "IoT Gateway", "Embedded PC", "Mini PC", "Stick PC");
    static final List<String> CHASSIS_STATES = List.of("Other", "Unknown", "Safe", "Warning", "Critical",
            "Non-recoverable");
    static final List<String> CHASSIS_SECURITY = List.of("Other", "Unknown", "None", "External Interface Locked Out",
            "External Interface Enabled");

    static final List<String> PROCESSOR_TYPES = List.of("Other", "Unknown", "Central Processor", "Math Processor",
            "DSP Processor", "Video Processor");
    static final List<String> PROCESSOR_STATUS = List.of("Unknown", "Enabled", "Disabled By User",
            "Disabled By BIOS", "Idle", OUT_OF_SPEC, OUT_OF_SPEC, "Other");
    static final List<String> PROCESSOR_CHARACTERISTICS = List.of("64-bit capable", "Multi-Core", "Hardware Thread",
            "Execute Protection", "Enhanced Virtualization", "Power/Performance Control", "128-bit Capable",
            "Arm64 SoC ID");
    static final List<String> PROCESSOR_UPGRADES = List.of("Other", "Unknown", "Daughter Board", "ZIF Socket",
            "Replaceable Piggy Back", "None", "LIF Socket", "Slot 1", "Slot 2", "370-pin Socket", "Slot A", "Slot M",
            "Socket 423", "Socket A (Socket 462)", "Socket 478", "Socket 754", "Socket 940", "Socket 939",
            "Socket mPGA604", "Socket LGA771", "Socket LGA775", "Socket S1", "Socket AM2", "Socket F (1207)",
            "Socket LGA1366", "Socket G34", "Socket AM3", "Socket C32", "Socket LGA1156", "Socket LGA1567",
            "Socket PGA988A", "Socket BGA1288", "Socket rPGA988B", "Socket BGA1023", "Socket BGA1224",
            "Socket BGA1155", "Socket LGA1356", "Socket LGA2011", "Socket FS1", "Socket FS2", "Socket FM1",
            "Socket FM2", "Socket LGA2011-3", "Socket LGA1356-3", "Socket LGA1150", "Socket BGA1168",
            "Socket BGA1234", "Socket BGA1364", "Socket AM4", "Socket LGA1151", "Socket BGA1356", "Socket BGA1440",
            "Socket BGA1515", "Socket LGA3647-1", "Socket SP3", "Socket SP3r2", "Socket LGA2066", "Socket BGA1392",
            "Socket BGA1510", "Socket BGA1528", "Socket LGA4189", "Socket LGA1200", "Socket LGA4677");

    /** Processor family (DSP0134 7.5.2); 0xBE is ambiguous and resolved by the manufacturer string. */
    static final Map<Integer, String> PROCESSOR_FAMILIES = families();

    private static Map<Integer, String> families() {
        Map<Integer, String> m = new java.util.HashMap<>();
        Object[] pairs = {
            0x01, "Other", 0x02, "Unknown", 0x03, "8086", 0x04, "80286", 0x05, "80386", 0x06, "80486",
            0x07, "8087", 0x08, "80287", 0x09, "80387", 0x0A, "80487", 0x0B, "Pentium", 0x0C, "Pentium Pro",
            0x0D, "Pentium II", 0x0E, "Pentium MMX", 0x0F, "Celeron", 0x10, "Pentium II Xeon",
            0x11, "Pentium III", 0x12, "M1", 0x13, "M2", 0x14, "Celeron M", 0x15, "Pentium 4 HT",
            0x18, "Duron", 0x19, "K5", 0x1A, "K6", 0x1B, "K6-2", 0x1C, "K6-3", 0x1D, "Athlon",
            0x1E, "AMD29000", 0x1F, "K6-2+", 0x20, "Power PC", 0x21, "Power PC 601", 0x22, "Power PC 603",
            0x23, "Power PC 603+", 0x24, "Power PC 604", 0x25, "Power PC 620", 0x26, "Power PC x704",
            0x27, "Power PC 750", 0x28, "Core Duo", 0x29, "Core Duo Mobile", 0x2A, "Core Solo Mobile",
            0x2B, "Atom", 0x2C, "Core M", 0x2D, "Core m3", 0x2E, "Core m5", 0x2F, "Core m7",
            0x30, "Alpha", 0x31, "Alpha 21064", 0x32, "Alpha 21066", 0x33, "Alpha 21164", 0x34, "Alpha 21164PC",
            0x35, "Alpha 21164a", 0x36, "Alpha 21264", 0x37, "Alpha 21364",
            0x38, "Turion II Ultra Dual-Core Mobile M", 0x39, "Turion II Dual-Core Mobile M",
            0x3A, "Athlon II Dual-Core M", 0x3B, "Opteron 6100", 0x3C, "Opteron 4100", 0x3D, "Opteron 6200",
            0x3E, "Opteron 4200", 0x3F, "FX", 0x40, "MIPS", 0x41, "MIPS R4000", 0x42, "MIPS R4200",
            0x43, "MIPS R4400", 0x44, "MIPS R4600", 0x45, "MIPS R10000", 0x46, "C-Series", 0x47, "E-Series",
            0x48, "A-Series", 0x49, "G-Series", 0x4A, "Z-Series", 0x4B, "R-Series", 0x4C, "Opteron 4300",
            0x4D, "Opteron 6300", 0x4E, "Opteron 3300", 0x4F, "FirePro", 0x50, "SPARC", 0x51, "SuperSPARC",
            0x52, "MicroSPARC II", 0x53, "MicroSPARC IIep", 0x54, "UltraSPARC", 0x55, "UltraSPARC II",
            0x56, "UltraSPARC IIi", 0x57, "UltraSPARC III", 0x58, "UltraSPARC IIIi",
            0x60, "68040", 0x61, "68xxx", 0x62, "68000", 0x63, "68010", 0x64, "68020", 0x65, "68030",
            0x66, "Athlon X4", 0x67, "Opteron X1000", 0x68, "Opteron X2000", 0x69, "Opteron A-Series",
            0x6A, "Opteron X3000", 0x6B, "Zen", 0x70, "Hobbit", 0x78, "Crusoe TM5000", 0x79, "Crusoe TM3000",
            0x7A, "Efficeon TM8000", 0x80, "Weitek", 0x82, "Itanium", 0x83, "Athlon 64", 0x84, "Opteron",
            0x85, "Sempron", 0x86, "Turion 64", 0x87, "Dual-Core Opteron", 0x88, "Athlon 64 X2",
            0x89, "Turion 64 X2", 0x8A, "Quad-Core Opteron", 0x8B, "Third-Generation Opteron", 0x8C, "Phenom FX",
            0x8D, "Phenom X4", 0x8E, "Phenom X2", 0x8F, "Athlon X2", 0x90, "PA-RISC", 0x91, "PA-RISC 8500",
            0x92, "PA-RISC 8000", 0x93, "PA-RISC 7300LC", 0x94, "PA-RISC 7200", 0x95, "PA-RISC 7100LC",
            0x96, "PA-RISC 7100", 0xA0, "V30", 0xA1, "Quad-Core Xeon 3200", 0xA2, "Dual-Core Xeon 3000",
            0xA3, "Quad-Core Xeon 5300", 0xA4, "Dual-Core Xeon 5100", 0xA5, "Dual-Core Xeon 5000",
            0xA6, "Dual-Core Xeon LV", 0xA7, "Dual-Core Xeon ULV", 0xA8, "Dual-Core Xeon 7100",
            0xA9, "Quad-Core Xeon 5400", 0xAA, "Quad-Core Xeon", 0xAB, "Dual-Core Xeon 5200",
            0xAC, "Dual-Core Xeon 7200", 0xAD, "Quad-Core Xeon 7300", 0xAE, "Quad-Core Xeon 7400",
            0xAF, "Multi-Core Xeon 7400", 0xB0, "Pentium III Xeon", 0xB1, "Pentium III Speedstep",
            0xB2, "Pentium 4", 0xB3, "Xeon", 0xB4, "AS400", 0xB5, "Xeon MP", 0xB6, "Athlon XP", 0xB7, "Athlon MP",
            0xB8, "Itanium 2", 0xB9, "Pentium M", 0xBA, "Celeron D", 0xBB, "Pentium D", 0xBC, "Pentium EE",
            0xBD, "Core Solo", 0xBF, "Core 2 Duo", 0xC0, "Core 2 Solo", 0xC1, "Core 2 Extreme",
            0xC2, "Core 2 Quad", 0xC3, "Core 2 Extreme Mobile", 0xC4, "Core 2 Duo Mobile",
            0xC5, "Core 2 Solo Mobile", 0xC6, "Core i7", 0xC7, "Dual-Core Celeron", 0xC8, "IBM390", 0xC9, "G4",
            0xCA, "G5", 0xCB, "ESA/390 G6", 0xCC, "z/Architecture", 0xCD, "Core i5", 0xCE, "Core i3",
            0xCF, "Core i9", 0xD2, "C7-M", 0xD3, "C7-D", 0xD4, "C7", 0xD5, "Eden", 0xD6, "Multi-Core Xeon",
            0xD7, "Dual-Core Xeon 3xxx", 0xD8, "Quad-Core Xeon 3xxx", 0xD9, "Nano", 0xDA, "Dual-Core Xeon 5xxx",
            0xDB, "Quad-Core Xeon 5xxx", 0xDD, "Dual-Core Xeon 7xxx", 0xDE, "Quad-Core Xeon 7xxx",
            0xDF, "Multi-Core Xeon 7xxx", 0xE0, "Multi-Core Xeon 3400", 0xE4, "Opteron 3000", 0xE5, "Sempron II",
            0xE6, "Embedded Opteron Quad-Core", 0xE7, "Phenom Triple-Core", 0xE8, "Turion Ultra Dual-Core Mobile",
            0xE9, "Turion Dual-Core Mobile", 0xEA, "Athlon Dual-Core", 0xEB, "Sempron SI", 0xEC, "Phenom II",
            0xED, "Athlon II", 0xEE, "Six-Core Opteron", 0xEF, "Sempron M", 0xFA, "i860", 0xFB, "i960",
            0x100, "ARMv7", 0x101, "ARMv8", 0x104, "SH-3", 0x105, "SH-4", 0x118, "ARM", 0x119, "StrongARM",
            0x12C, "6x86", 0x12D, "MediaGX", 0x12E, "MII", 0x140, "WinChip", 0x15E, "DSP", 0x1F4, "Video Processor",
            0x200, "RV32", 0x201, "RV64", 0x202, "RV128",
        };
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Integer) pairs[i], (String) pairs[i + 1]);
        }
        return Map.copyOf(m);
    }

    static final List<String> CACHE_OPERATIONAL_MODES = List.of("Write Through", "Write Back",
            "Varies With Memory Address", "Unknown");
    static final List<String> CACHE_LOCATIONS = List.of("Internal", "External", OUT_OF_SPEC, "Unknown");
    static final List<String> CACHE_SRAM_TYPES = List.of("Other", "Unknown", "Non-burst", "Burst", "Pipeline Burst",
            "Synchronous", "Asynchronous");
    static final List<String> CACHE_ECC = List.of("Other", "Unknown", "None", "Parity", "Single-bit ECC",
            "Multi-bit ECC");
    static final List<String> CACHE_SYSTEM_TYPES = List.of("Other", "Unknown", "Instruction", "Data", "Unified");
    static final List<String> CACHE_ASSOCIATIVITY = List.of("Other", "Unknown", "Direct Mapped",
            "2-way Set-associative", "4-way Set-associative", "Fully Associative", "8-way Set-associative",
            "16-way Set-associative", "12-way Set-associative", "24-way Set-associative", "32-way Set-associative",
            "48-way Set-associative", "64-way Set-associative", "20-way Set-associative");

    static final List<String> SLOT_BUS_WIDTHS = List.of("", "", "8-bit ", "16-bit ", "32-bit ", "64-bit ",
            "128-bit ", "x1 ", "x2 ", "x4 ", "x8 ", "x12 ", "x16 ", "x32 ");
    static final List<String> SLOT_TYPES_1 = List.of("Other", "Unknown", "ISA", "MCA", "EISA", "PCI",
            "PC Card (PCMCIA)", "VLB", "Proprietary", "Processor Card", "Proprietary Memory Card", "I/O Riser Card",
            "NuBus", "PCI-66", "AGP", "AGP 2x", "AGP 4x", "PCI-X", "AGP 8x", "M.2 Socket 1-DP", "M.2 Socket 1-SD",
            "M.2 Socket 2", "M.2 Socket 3", "MXM Type I", "MXM Type II", "MXM Type III", "MXM Type III-HE",
            "MXM Type IV", "MXM 3.0 Type A", "MXM 3.0 Type B", "PCI Express 2 SFF-8639 (U.2)",
            "PCI Express 3 SFF-8639 (U.2)", "PCI Express Mini 52-pin with bottom-side keep-outs",
            "PCI Express Mini 52-pin without bottom-side keep-outs", "PCI Express Mini 76-pin",
            "PCI Express 4 SFF-8639 (U.2)", "PCI Express 5 SFF-8639 (U.2)", "OCP NIC 3.0 Small Form Factor (SFF)",
            "OCP NIC 3.0 Large Form Factor (LFF)", "OCP NIC Prior to 3.0");
    static final List<String> SLOT_TYPES_A0 = List.of("PC-98/C20", "PC-98/C24", "PC-98/E", "PC-98/Local Bus",
            "PC-98/Card", "PCI Express", "PCI Express x1", "PCI Express x2", "PCI Express x4", "PCI Express x8",
            "PCI Express x16", "PCI Express 2", "PCI Express 2 x1", "PCI Express 2 x2", "PCI Express 2 x4",
            "PCI Express 2 x8", "PCI Express 2 x16", "PCI Express 3", "PCI Express 3 x1", "PCI Express 3 x2",
            "PCI Express 3 x4", "PCI Express 3 x8", "PCI Express 3 x16", OUT_OF_SPEC, "PCI Express 4",
            "PCI Express 4 x1", "PCI Express 4 x2", "PCI Express 4 x4", "PCI Express 4 x8", "PCI Express 4 x16",
            "PCI Express 5", "PCI Express 5 x1", "PCI Express 5 x2", "PCI Express 5 x4", "PCI Express 5 x8",
            "PCI Express 5 x16", "PCI Express 6+", "EDSFF E1", "EDSFF E3");
    static final List<String> SLOT_USAGE = List.of("Other", "Unknown", "Available", "In Use", "Unavailable");
    static final List<String> SLOT_LENGTHS = List.of("Other", "Unknown", "Short", "Long",
            "2.5\" drive form factor", "3.5\" drive form factor");

    static final List<String> SLOT_CHARACTERISTICS_1 = List.of("5.0 V is provided", "3.3 V is provided",
            "Opening is shared", "PC Card-16 is supported", "Cardbus is supported", "Zoom Video is supported",
            "Modem ring resume is supported");
    static final List<String> SLOT_CHARACTERISTICS_2 = List.of("PME signal is supported",
            "Hot-plug devices are supported", "SMBus signal is supported", "PCIe slot bifurcation is supported",
            "Async/surprise removal is supported", "Flexbus slot, CXL 1.0 capable", "Flexbus slot, CXL 2.0 capable");

    static String slotType(int code) {
        if (code >= 0x01 && code <= 0x28) {
            return SLOT_TYPES_1.get(code - 1);
        }
        if (code == 0x30) {
            return "CXL FLexbus 1.0";
        }
        return pick(SLOT_TYPES_A0, 0xA0, code);
    }

    static final List<String> MEMORY_ARRAY_LOCATIONS = List.of("Other", "Unknown", "System Board Or Motherboard",
            "ISA Add-on Card", "EISA Add-on Card", "PCI Add-on Card", "MCA Add-on Card", "PCMCIA Add-on Card",
            "Proprietary Add-on Card", "NuBus");
    static final List<String> MEMORY_ARRAY_LOCATIONS_A0 = List.of("PC-98/C20 Add-on Card", "PC-98/C24 Add-on Card",
            "PC-98/E Add-on Card", "PC-98/Local Bus Add-on Card", "CXL Flexbus 1.0");
    static final List<String> MEMORY_ARRAY_USES = List.of("Other", "Unknown", "System Memory", "Video Memory",
            "Flash Memory", "Non-volatile RAM", "Cache Memory");
    static final List<String> MEMORY_ARRAY_ECC = List.of("Other", "Unknown", "None", "Parity", "Single-bit ECC",
            "Multi-bit ECC", "CRC");

    static final List<String> MEMORY_FORM_FACTORS = List.of("Other", "Unknown", "SIMM", "SIP", "Chip", "DIP", "ZIP",
            "Proprietary Card", "DIMM", "TSOP", "Row Of Chips", "RIMM", "SODIMM", "SRIMM", "FB-DIMM", "Die");
    static final List<String> MEMORY_TYPES = List.of("Other", "Unknown", "DRAM", "EDRAM", "VRAM", "SRAM", "RAM",
            "ROM", "Flash", "EEPROM", "FEPROM", "EPROM", "CDRAM", "3DRAM", "SDRAM", "SGRAM", "RDRAM", "DDR", "DDR2",
            "DDR2 FB-DIMM", "Reserved", "Reserved", "Reserved", "DDR3", "FBD2", "DDR4", "LPDDR", "LPDDR2", "LPDDR3",
            "LPDDR4", "Logical non-volatile device", "HBM", "HBM2", "DDR5", "LPDDR5");
    static final List<String> MEMORY_TYPE_DETAILS = List.of("Other", "Unknown", "Fast-paged", "Static Column",
            "Pseudo-static", "RAMBus", "Synchronous", "CMOS", "EDO", "Window DRAM", "Cache DRAM", "Non-Volatile",
            "Registered (Buffered)", "Unbuffered (Unregistered)", "LRDIMM");

    static final List<String> MEMORY_TECHNOLOGIES = List.of("Other", "Unknown", "DRAM", "NVDIMM-N", "NVDIMM-F",
            "NVDIMM-P", "Intel Optane DC persistent memory");
    static final List<String> MEMORY_OPERATING_MODES = List.of("Other", "Unknown", "Volatile memory",
            "Byte-accessible persistent memory", "Block-accessible persistent memory");

    static String bootStatus(int code) {
        List<String> s = List.of("No errors detected", "No bootable media", "Operating system failed to load",
                "Firmware-detected hardware failure", "Operating system-detected hardware failure",
                "User-requested boot", "System security violation", "Previously-requested image",
                "System watchdog timer expired");
        if (code < s.size()) {
            return s.get(code);
        }
        if (code >= 128 && code <= 191) {
            return "OEM-specific";
        }
        if (code >= 192) {
            return "Product-specific";
        }
        return OUT_OF_SPEC;
    }

    static final List<String> ONBOARD_DEVICE_TYPES = List.of("Other", "Unknown", "Video", "SCSI Controller",
            "Ethernet", "Token Ring", "Sound", "PATA Controller", "SATA Controller", "SAS Controller", "Wireless LAN",
            "Bluetooth", "WWAN", "eMMC", "NVMe Controller", "UFS Controller");
    static final List<String> IPMI_INTERFACES = List.of("Unknown", "KCS (Keyboard Control Style)",
            "SMIC (Server Management Interface Chip)", "BT (Block Transfer)", "SSIF (SMBus System Interface)");
    static final List<String> IPMI_REGISTER_SPACING = List.of("Successive Byte Boundaries", "32-bit Boundaries",
            "16-byte Boundaries", OUT_OF_SPEC);

    static final List<String> TPM_CHARACTERISTICS = List.of("TPM Device characteristics not supported",
            "Family configurable via firmware update", "Family configurable via platform software support",
            "Family configurable via OEM proprietary mechanism");
}
