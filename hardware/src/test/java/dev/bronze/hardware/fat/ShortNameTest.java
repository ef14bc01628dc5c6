package dev.bronze.hardware.fat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShortNameTest {

    private static String alias(String name, Set<String> taken) {
        byte[] raw = ShortName.generate(name, taken::contains);
        taken.add(ShortName.key(raw));
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aliasesFollowTheWindowsScheme() {
        Set<String> t = new HashSet<>();
        assertThat(alias("grubenv", t)).isEqualTo("GRUBENV    ");
        assertThat(alias("bronze-a+3-0.conf", t)).isEqualTo("BRONZE~1CON");
        assertThat(alias("bronze-b+3-0.conf", t)).isEqualTo("BRONZE~2CON");
        assertThat(alias("Long File Name.txt", t)).isEqualTo("LONGFI~1TXT");
        assertThat(alias(".hidden", t)).isEqualTo("HIDDEN~1   ");
        assertThat(alias("a.b.c.text", t)).isEqualTo("ABC~1   TEX");
        assertThat(alias("Überprüfung.txt", t)).isEqualTo("_BERPR~1TXT");
        assertThat(alias("GRUBENV", t)).isEqualTo("GRUBEN~1   ");
    }

    @Test
    void afterFourTailsAHashOfTheNameKeepsAliasesShortAndUnique() {
        Set<String> t = new HashSet<>();
        for (int i = 1; i <= 4; i++) {
            assertThat(alias("vmlinuz long " + i + ".img", t)).isEqualTo("VMLINU~" + i + "IMG");
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("vmlinuz long 5.img".getBytes(StandardCharsets.UTF_16LE));
        assertThat(alias("vmlinuz long 5.img", t))
                .isEqualTo(String.format("VM%04X~1IMG", crc.getValue() & 0xFFFF));
        for (int i = 6; i < 20_000; i++) {
            alias("vmlinuz long " + i + ".img", t);
        }
        assertThat(t).hasSize(19_999);
    }

    @Test
    void exactNamesNeedNoLongEntries() {
        assertThat(ShortName.exact("BOOTX64.EFI")).isNotNull();
        assertThat(ShortName.exact("EFI")).isNotNull();
        assertThat(ShortName.exact("bootx64.efi")).isNull();
        assertThat(ShortName.exact("TOOLONGNAME.EFI")).isNull();
        assertThat(ShortName.exact("A.EFIX")).isNull();
        assertThat(ShortName.exact("A+B.EFI")).isNull();
    }

    @Test
    void upcaseKeepsLengthsSoNamesDoNotCollide() {
        assertThat(ShortName.upcase("straße")).isEqualTo("STRAßE");
        assertThat(ShortName.upcase("straße")).isNotEqualTo(ShortName.upcase("strasse"));
    }

    @Test
    void checksumMatchesTheSpecification() {
        // fatgen103's algorithm by hand for "A          ": rotate right and add, 11 times.
        byte[] raw = "A          ".getBytes(StandardCharsets.US_ASCII);
        int sum = 0;
        for (byte b : raw) {
            sum = ((sum >> 1) | ((sum & 1) << 7)) + (b & 0xFF) & 0xFF;
        }
        assertThat(ShortName.checksum(raw, 0)).isEqualTo(sum);
    }
}
