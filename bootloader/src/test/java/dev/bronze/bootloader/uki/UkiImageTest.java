package dev.bronze.bootloader.uki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.testing.qemu.HostCommand;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UkiImageTest {

    @TempDir
    Path dir;

    Path build(String cmdline, List<String> extra) throws Exception {
        Path linux = Files.writeString(dir.resolve("linux"), "not really a kernel\n");
        Path initrd = Files.writeString(dir.resolve("initrd"), "initrd bytes\n");
        return TestUkis.build(dir.resolve("u.efi"), linux, initrd, cmdline, extra);
    }

    /** objdump's section table (binutils' own PE reader) must equal ours, section by section. */
    @Test
    void sectionsAgreeWithObjdump() throws Exception {
        Path f = build("console=ttyS0 panic=10", List.of("--version", "7.1", "--uname", "6.1.0-test"));
        UkiImage u = UkiImage.read(f);
        String out = HostCommand.run("objdump", "-h", f.toString());
        // "  8 .osrel        0000004f  000000000001a000  000000000001a000  00011400  2**2"
        Matcher m = Pattern.compile("(?m)^\\s*\\d+\\s+(\\S+)\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s+[0-9a-f]+\\s+([0-9a-f]+)\\s").matcher(out);
        List<String> theirs = new ArrayList<>();
        while (m.find()) {
            theirs.add(m.group(1) + " " + Long.parseLong(m.group(2), 16) + " " + Long.parseLong(m.group(3), 16) + " "
                    + Long.parseLong(m.group(4), 16));
        }
        List<String> ours = u.sections().stream().map(s -> s.name() + " " + s.virtualSize() + " " + s.virtualAddress() + " "
                + s.rawOffset()).toList();
        assertThat(ours).isEqualTo(theirs).hasSizeGreaterThan(10);
        assertThat(u.sections()).extracting(UkiImage.Section::name).contains(".osrel", ".cmdline", ".uname", ".linux", ".initrd");
        assertThat(u.architecture()).isEqualTo("x64");
        assertThat(u.subsystem()).isEqualTo(UkiImage.SUBSYSTEM_EFI_APPLICATION);
        assertThat(u.version()).contains("7.1");
        assertThat(u.osRelease()).containsEntry("ID", "bronze").containsEntry("NAME", "Bronze");
        assertThat(u.cmdline()).contains("console=ttyS0 panic=10");
        assertThat(u.cmdlineWords()).containsExactly("console=ttyS0", "panic=10");
        assertThat(u.uname()).contains("6.1.0-test");
        // The .osrel bytes are exactly what objcopy would dump.
        Path dumped = dir.resolve("osrel.dump");
        HostCommand.run("objcopy", "-O", "binary", "--only-section=.osrel", f.toString(), dumped.toString());
        assertThat(Files.readString(dumped)).contains("IMAGE_VERSION=7.1\n");
    }

    @Test
    void imageVersionWinsOverVersionId() throws Exception {
        Path osrel = Files.writeString(dir.resolve("os-release"),
                "# a distribution's os-release\nNAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID=\"12\"\nIMAGE_VERSION='3.1'\nVERSION=\"12 (bookworm)\"\n");
        assertThat(UkiImage.read(build(null, List.of("--os-release", osrel.toString()))).version()).contains("3.1");
        Files.writeString(osrel, "NAME=Debian\nID=debian\nVERSION_ID=\"12\"\n");
        UkiImage u = UkiImage.read(build(null, List.of("--os-release", osrel.toString())));
        assertThat(u.version()).contains("12");
        assertThat(u.cmdline()).isEmpty();
        assertThat(u.uname()).isEmpty();
    }

    /** A minimal PE: DOS header, PE header, PE32+ optional header, the given sections. */
    static byte[] pe(int nsections, int subsystem, String... sections) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0x5a4d).putInt(0x3c, 0x80);
        b.putInt(0x80, 0x4550).putShort(0x84, (short) 0x8664).putShort(0x86, (short) nsections).putShort(0x94, (short) 240);
        b.putShort(0x98, (short) 0x20b).putShort(0x98 + 68, (short) subsystem);
        int t = 0x98 + 240;
        for (int i = 0; i < sections.length; i++) {
            String[] p = sections[i].split(":");
            byte[] name = p[0].getBytes();
            b.put(t + 40 * i, name, 0, Math.min(8, name.length));
            b.putInt(t + 40 * i + 8, Integer.parseInt(p[1]));
            b.putInt(t + 40 * i + 16, Integer.parseInt(p[2]));
            b.putInt(t + 40 * i + 20, Integer.parseInt(p[3]));
        }
        b.put(2048, "ID=x\nVERSION_ID=1\n".getBytes());
        return b.array();
    }

    @Test
    void hostileImagesFailWithAClearMessage() {
        assertThat(UkiImage.parse("ok", pe(2, 10, ".linux:16:16:2048", ".osrel:17:512:2048")).version()).contains("1");
        expect(new byte[10], "too small");
        expect(new byte[200], "no 'MZ'");
        byte[] far = pe(1, 10, ".linux:1:1:2048");
        ByteBuffer.wrap(far).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3c, 0x7fffffff);
        expect(far, "outside the file");
        byte[] nosig = pe(1, 10, ".linux:1:1:2048");
        nosig[0x80] = 'X';
        expect(nosig, "no 'PE\\0\\0' signature");
        expect(pe(0, 10), "declares 0 sections");
        expect(pe(65535, 10), "declares 65535 sections");
        expect(pe(2, 10, ".linux:16:16:2048", ".osrel:4000:4096:2048"), "past the end of the file");
        expect(pe(2, 10, ".linux:16:16:2048", ".osrel:1048576:1048576:0"), "at most 65536");
        expect(pe(1, 10, ".osrel:17:512:2048"), "no .linux section");
        expect(pe(1, 3, ".linux:1:1:2048"), "not an EFI application");
        byte[] binary = pe(2, 10, ".linux:16:16:2048", ".cmdline:4:4:2044");
        binary[2044] = (byte) 0xff;
        expect(binary, "not UTF-8 text");
    }

    static void expect(byte[] image, String message) {
        assertThatThrownBy(() -> UkiImage.parse("x.efi", image)).isInstanceOf(BootloaderException.class)
                .hasMessageStartingWith("UKI x.efi ").hasMessageContaining(message);
    }
}
