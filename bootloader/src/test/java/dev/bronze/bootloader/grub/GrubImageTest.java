package dev.bronze.bootloader.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.block.ImageFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrubImageTest {

    @TempDir
    Path dir;

    @Test
    void fatSerialsAreNamedAsGrubSearchesThem() {
        assertThat(GrubImage.fatUuid(0x12345678L)).isEqualTo("1234-5678");
        assertThat(GrubImage.fatUuid(0xabcdL)).isEqualTo("0000-ABCD");
    }

    @Test
    void grubMkimageBuildsCoresForUefiAndBios() throws Exception {
        GrubImage g = GrubImage.debian();
        Path efi = g.build(GrubImage.Target.X86_64_EFI, "1234-5678", dir.resolve("grubx64.efi"), dir);
        byte[] pe = Files.readAllBytes(efi);
        assertThat(new String(pe, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("MZ");
        // The early config is embedded: the core finds the ESP by its serial.
        assertThat(new String(pe, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("--fs-uuid --set=root 1234-5678");
        Path core = g.build(GrubImage.Target.I386_PC, "1234-5678", dir.resolve("core.img"), dir);
        assertThat(Files.size(core)).isLessThan(1024 * 1024);
        assertThatThrownBy(() -> g.build(GrubImage.Target.I386_PC, "bad", dir.resolve("x"), dir))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void biosInstallPatchesBootAndCoreAndKeepsThePartitionTable() throws Exception {
        GrubImage g = GrubImage.debian();
        byte[] core = Files.readAllBytes(g.build(GrubImage.Target.I386_PC, "1234-5678", dir.resolve("core.img"), dir));
        byte[] boot = Files.readAllBytes(Path.of("/usr/lib/grub/i386-pc/boot.img"));
        try (ImageFile disk = ImageFile.create(dir.resolve("disk.img"), 64L << 20, 512)) {
            byte[] pmbr = new byte[512];
            Arrays.fill(pmbr, 0x1b8, 0x1fe, (byte) 0x5a);
            pmbr[0x1fe] = 0x55;
            pmbr[0x1ff] = (byte) 0xaa;
            disk.write(0, pmbr);
            GrubBiosInstaller.install(disk, 2048, 2048, boot, core);
            byte[] mbr = disk.read(0, 512);
            ByteBuffer m = ByteBuffer.wrap(mbr).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(Arrays.copyOfRange(mbr, 0x1b8, 0x1fe)).isEqualTo(Arrays.copyOfRange(pmbr, 0x1b8, 0x1fe));
            assertThat(mbr[0x1fe] & 0xff).isEqualTo(0x55);
            assertThat(m.getLong(0x5c)).isEqualTo(2048);
            assertThat(mbr[0x64] & 0xff).isEqualTo(0xff);
            assertThat(Arrays.copyOfRange(mbr, 0, 3)).isEqualTo(Arrays.copyOfRange(boot, 0, 3));
            byte[] first = disk.read(2048L * 512, 512);
            assertThat(ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getLong(0x1f4)).isEqualTo(2049);
            assertThat(disk.read(2049L * 512, 512)).isEqualTo(Arrays.copyOfRange(core, 512, 1024));
            assertThatThrownBy(() -> GrubBiosInstaller.install(disk, 2048, 100, boot, core))
                    .isInstanceOf(BootloaderException.class).hasMessageContaining("does not fit");
        }
    }
}
