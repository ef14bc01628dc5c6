package dev.bronze.bootloader.uki;

import dev.bronze.bootloader.BootloaderException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A unified kernel image (UAPI.5): a PE/COFF EFI application whose sections carry the kernel
 * ({@code .linux}), the os-release of the OS it boots ({@code .osrel}), its command line
 * ({@code .cmdline}) and the kernel release ({@code .uname}).
 *
 * <p>A bounded reader of outside bytes: it reads the headers and the small text sections only
 * (never {@code .linux} or {@code .initrd}), checks every offset against the file's size, and
 * fails with a message naming what is wrong. Sizes and offsets come from the section table the way
 * systemd-boot reads them ({@code VirtualSize} bytes at {@code PointerToRawData}, see its
 * {@code pe_file_locate_sections}).
 */
public record UkiImage(int machine, int subsystem, List<Section> sections, Map<String, String> osRelease,
        Optional<String> cmdline, Optional<String> uname) {

    /** One entry of the section table. */
    public record Section(String name, long virtualAddress, long virtualSize, long rawOffset, long rawSize) {
    }

    /** Where the bytes come from: a file, or an array for tests and the fuzzer. */
    public interface Source {
        long size() throws IOException;

        /** Reads exactly {@code length} bytes at {@code offset} (the caller has checked the range). */
        byte[] read(long offset, int length) throws IOException;
    }

    public static final int MACHINE_X64 = 0x8664;
    public static final int MACHINE_AA64 = 0xaa64;
    public static final int MACHINE_I386 = 0x14c;
    public static final int SUBSYSTEM_EFI_APPLICATION = 10;

    /** The PE/COFF limit (Microsoft PE format, "COFF File Header": at most 96 sections). */
    static final int MAX_SECTIONS = 96;
    static final long MAX_PE_OFFSET = 1 << 20;
    static final int MAX_TEXT_SECTION = 64 * 1024;
    static final int MAX_UNAME = 256;

    public UkiImage {
        sections = List.copyOf(sections);
        osRelease = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(osRelease));
    }

    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** "x64", "aa64", "ia32" or the machine number in hex. */
    public String architecture() {
        return switch (machine) {
            case MACHINE_X64 -> "x64";
            case MACHINE_AA64 -> "aa64";
            case MACHINE_I386 -> "ia32";
            default -> String.format(Locale.ROOT, "0x%04x", machine);
        };
    }

    /**
     * The version the UKI says it is: {@code IMAGE_VERSION} (the image's own version, what
     * systemd-boot also prefers), else {@code VERSION_ID}; empty when neither is set.
     */
    public Optional<String> version() {
        String v = osRelease.get("IMAGE_VERSION");
        if (v == null || v.isBlank()) {
            v = osRelease.get("VERSION_ID");
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** The kernel arguments of {@code .cmdline}, split as the kernel does; empty without one. */
    public List<String> cmdlineWords() {
        return cmdline.map(dev.bronze.bootloader.ab.KernelArgs::split).orElse(List.of());
    }

    public static UkiImage read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(file.toString(), new Source() {
                @Override
                public long size() throws IOException {
                    return ch.size();
                }

                @Override
                public byte[] read(long offset, int length) throws IOException {
                    ByteBuffer b = ByteBuffer.allocate(length);
                    while (b.hasRemaining()) {
                        if (ch.read(b, offset + b.position()) < 0) {
                            throw new java.io.EOFException();
                        }
                    }
                    return b.array();
                }
            });
        }
    }

    public static UkiImage parse(String what, byte[] bytes) {
        try {
            return parse(what, new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public byte[] read(long offset, int length) {
                    return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses the UKI behind {@code src}; {@code what} names it in errors. */
    public static UkiImage parse(String what, Source src) throws IOException {
        long size = src.size();
        if (size < 64) {
            throw bad(what, "is " + size + " bytes, too small for a PE/COFF image");
        }
        ByteBuffer dos = le(src.read(0, 64));
        if (dos.getShort(0) != 0x5a4d) {
            throw bad(what, "has no 'MZ' DOS header: not a PE/COFF (EFI) image");
        }
        long pe = Integer.toUnsignedLong(dos.getInt(0x3c));
        if (pe < 64 || pe > MAX_PE_OFFSET || pe + 24 > size) {
            throw bad(what, "points at a PE header at offset " + pe + ", outside the file");
        }
        ByteBuffer coff = le(src.read(pe, 24));
        if (coff.getInt(0) != 0x00004550) {
            throw bad(what, "has no 'PE\\0\\0' signature at offset " + pe);
        }
        int machine = Short.toUnsignedInt(coff.getShort(4));
        int nsections = Short.toUnsignedInt(coff.getShort(6));
        int optSize = Short.toUnsignedInt(coff.getShort(20));
        if (nsections == 0 || nsections > MAX_SECTIONS) {
            throw bad(what, "declares " + nsections + " sections (a PE image has 1 to " + MAX_SECTIONS + ")");
        }
        long opt = pe + 24;
        if (optSize < 72 || opt + optSize > size) {
            throw bad(what, "has an optional header of " + optSize + " bytes, too small or past the end of the file");
        }
        ByteBuffer oh = le(src.read(opt, 72));
        int magic = Short.toUnsignedInt(oh.getShort(0));
        if (magic != 0x10b && magic != 0x20b) {
            throw bad(what, String.format(Locale.ROOT, "has optional-header magic 0x%x (PE32 is 0x10b, PE32+ 0x20b)", magic));
        }
        // Subsystem sits at offset 68 in both PE32 and PE32+.
        int subsystem = Short.toUnsignedInt(oh.getShort(68));
        long table = opt + optSize;
        if (table + 40L * nsections > size) {
            throw bad(what, "has a section table that runs past the end of the file");
        }
        ByteBuffer st = le(src.read(table, 40 * nsections));
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < nsections; i++) {
            int o = 40 * i;
            byte[] n = new byte[8];
            st.get(o, n);
            int len = 0;
            while (len < 8 && n[len] != 0) {
                len++;
            }
            String name = new String(n, 0, len, StandardCharsets.ISO_8859_1);
            long vsize = Integer.toUnsignedLong(st.getInt(o + 8));
            long vaddr = Integer.toUnsignedLong(st.getInt(o + 12));
            long rsize = Integer.toUnsignedLong(st.getInt(o + 16));
            long roff = Integer.toUnsignedLong(st.getInt(o + 20));
            sections.add(new Section(name, vaddr, vsize, roff, rsize));
        }
        if (subsystem != SUBSYSTEM_EFI_APPLICATION) {
            throw bad(what, "is PE subsystem " + subsystem + ", not an EFI application (10)");
        }
        if (sections.stream().noneMatch(s -> s.name().equals(".linux"))) {
            throw bad(what, "has no .linux section: not a unified kernel image (a PE addon or a plain EFI program?)");
        }
        Map<String, String> osrel = Map.of();
        Optional<String> osrelText = text(what, src, size, sections, ".osrel", MAX_TEXT_SECTION);
        if (osrelText.isPresent()) {
            osrel = OsRelease.parse(osrelText.get());
        }
        Optional<String> cmdline = text(what, src, size, sections, ".cmdline", MAX_TEXT_SECTION).map(String::strip);
        Optional<String> uname = text(what, src, size, sections, ".uname", MAX_UNAME).map(String::strip);
        return new UkiImage(machine, subsystem, sections, osrel, cmdline, uname);
    }

    private static Optional<String> text(String what, Source src, long size, List<Section> sections, String name, int max)
            throws IOException {
        Optional<Section> s = sections.stream().filter(x -> x.name().equals(name)).findFirst();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Section sec = s.get();
        // VirtualSize is the content; SizeOfRawData is that padded to the file alignment. Past the raw
        // data the loader zero-fills, so the text ends there at the latest.
        long len = Math.min(sec.virtualSize(), sec.rawSize());
        if (len > max) {
            throw bad(what, "has a " + name + " section of " + len + " bytes (at most " + max + " expected)");
        }
        if (sec.rawOffset() > size || sec.rawOffset() + len > size) {
            throw bad(what, "has a " + name + " section past the end of the file");
        }
        byte[] b = src.read(sec.rawOffset(), (int) len);
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        String t = new String(b, 0, end, StandardCharsets.UTF_8);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == 0 || c == '\uFFFD') {
                throw bad(what, "has a " + name + " section that is not UTF-8 text");
            }
        }
        return Optional.of(t);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static BootloaderException bad(String what, String why) {
        return new BootloaderException("UKI " + what + " " + why);
    }
}
