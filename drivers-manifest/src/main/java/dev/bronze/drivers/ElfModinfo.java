package dev.bronze.drivers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code .modinfo} section of a kernel module (an ELF relocatable object): NUL-separated
 * {@code key=value} strings written by {@code MODULE_ALIAS}, {@code MODULE_FIRMWARE},
 * {@code MODULE_LICENSE}, ... This is what {@code modinfo} prints. ELF32 and ELF64, either byte
 * order (System V gABI, "Section Header Table"); every offset is checked against the file size.
 *
 * @param entries the {@code key=value} strings in section order
 */
public record ElfModinfo(List<String> entries) {

    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;
    private static final int ELFCLASS32 = 1;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int ELFDATA2MSB = 2;
    private static final int SHT_NOBITS = 8;

    public ElfModinfo {
        entries = List.copyOf(entries);
    }

    /** Parses an uncompressed module; a clear {@link DriversException} for anything that is not one. */
    public static ElfModinfo parse(byte[] elf) {
        if (elf.length < 52 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            throw new DriversException("not an ELF file (no \\x7fELF magic)");
        }
        int cls = elf[EI_CLASS];
        int data = elf[EI_DATA];
        if (cls != ELFCLASS32 && cls != ELFCLASS64) {
            throw new DriversException("ELF class " + cls + " is neither 32- nor 64-bit");
        }
        if (data != ELFDATA2LSB && data != ELFDATA2MSB) {
            throw new DriversException("ELF data encoding " + data + " is neither little- nor big-endian");
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(data == ELFDATA2LSB ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        boolean is64 = cls == ELFCLASS64;
        if (is64 && elf.length < 64) {
            throw new DriversException("truncated ELF64 header");
        }
        long shoff = is64 ? b.getLong(0x28) : Integer.toUnsignedLong(b.getInt(0x20));
        int shentsize = Short.toUnsignedInt(b.getShort(is64 ? 0x3A : 0x2E));
        int shnum = Short.toUnsignedInt(b.getShort(is64 ? 0x3C : 0x30));
        int shstrndx = Short.toUnsignedInt(b.getShort(is64 ? 0x3E : 0x32));
        int minEntry = is64 ? 64 : 40;
        if (shnum == 0 || shentsize < minEntry || shoff < 0 || shoff + (long) shnum * shentsize > elf.length) {
            throw new DriversException("ELF section header table (offset " + shoff + ", " + shnum + " x " + shentsize
                    + " bytes) does not fit in " + elf.length + " bytes");
        }
        if (shstrndx >= shnum) {
            throw new DriversException("ELF section name table index " + shstrndx + " is out of range");
        }
        long[] names = section(b, is64, shoff, shentsize, shstrndx, elf.length);
        for (int i = 0; i < shnum; i++) {
            long[] s = section(b, is64, shoff, shentsize, i, elf.length);
            String name = cString(elf, names[1] + s[3], names[1] + names[2]);
            if (".modinfo".equals(name)) {
                if (s[0] == SHT_NOBITS) {
                    return new ElfModinfo(List.of());
                }
                return new ElfModinfo(split(elf, (int) s[1], (int) (s[1] + s[2])));
            }
        }
        return new ElfModinfo(List.of());
    }

    /** {type, offset, size, nameOffset} of section i, bounds-checked. */
    private static long[] section(ByteBuffer b, boolean is64, long shoff, int shentsize, int i, int length) {
        int at = (int) (shoff + (long) i * shentsize);
        long type = Integer.toUnsignedLong(b.getInt(at + 4));
        long nameOff = Integer.toUnsignedLong(b.getInt(at));
        long off = is64 ? b.getLong(at + 0x18) : Integer.toUnsignedLong(b.getInt(at + 0x10));
        long size = is64 ? b.getLong(at + 0x20) : Integer.toUnsignedLong(b.getInt(at + 0x14));
        if (type != SHT_NOBITS && (off < 0 || size < 0 || off + size > length)) {
            throw new DriversException("ELF section " + i + " (offset " + off + ", size " + size + ") lies outside the file");
        }
        return new long[] {type, off, size, nameOff};
    }

    private static String cString(byte[] b, long from, long limit) {
        if (from < 0 || from >= limit) {
            return "";
        }
        int end = (int) from;
        while (end < limit && b[end] != 0) {
            end++;
        }
        return new String(b, (int) from, end - (int) from, StandardCharsets.UTF_8);
    }

    private static List<String> split(byte[] b, int from, int to) {
        List<String> out = new ArrayList<>();
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == 0) {
                if (i > start) {
                    out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** Values of one key, in order ({@code firmware}, {@code alias}, ...). */
    public List<String> values(String key) {
        String prefix = key + "=";
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            if (e.startsWith(prefix)) {
                out.add(e.substring(prefix.length()));
            }
        }
        return out;
    }
}
