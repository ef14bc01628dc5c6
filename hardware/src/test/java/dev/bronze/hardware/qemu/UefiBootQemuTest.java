package dev.bronze.hardware.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.testing.qemu.E2eToolkit;
import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Firmware boot of a disk image, on amd64 (OVMF) and arm64 (AAVMF, TCG): the firmware finds the
 * ESP of a GPT disk, starts systemd-boot from EFI/BOOT/BOOTX64.EFI (BOOTAA64.EFI), which boots a
 * Type #1 loader entry (Debian's kernel as an EFI stub plus the toolkit's initramfs). The guest proves each link: it runs under EFI, systemd-boot's own
 * variables name the entry it chose, and Linux's vfat reads the kernel back off the ESP.
 */
@Tag("qemu")
class UefiBootQemuTest {

    private static final String LOADER_GUID = "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";

    @ParameterizedTest
    @EnumSource(E2eToolkit.Arch.class)
    void uefiFirmwareBootsSystemdBootWhichBootsTheLoaderEntry(E2eToolkit.Arch arch, @TempDir Path dir)
            throws IOException, NoSuchAlgorithmException {
        HostTools.require(arch == E2eToolkit.Arch.AMD64 ? "qemu-system-x86_64" : "qemu-system-aarch64", "sgdisk",
                "mkfs.vfat", "mcopy", "mmd", "busybox", "cpio", "depmod");
        E2eToolkit toolkit = E2eToolkit.fromRepository().forArch(arch);
        E2eToolkit.GuestKernel kernel = toolkit.kernel();
        Path disk = toolkit.uefiDisk(dir.resolve("uefi.img"), kernel.vmlinuz(), toolkit.initramfs(), "bronze.slot=A");
        assertThat(HostCommand.run("sgdisk", "-v", disk.toString())).contains("No problems found");

        GuestRun run = QemuGuest.builder(dir.resolve("guest"))
                .toolkit(toolkit)
                .firmware(QemuGuest.Firmware.UEFI)
                .disk(disk)
                .ovmfVars(dir.resolve("vars.fd"))
                .check("""
                        # efivarfs: 4 bytes of attributes, then the value (UTF-16LE for these).
                        efivar() { tail -c +5 "/sys/firmware/efi/efivars/$1-GUID" 2>/dev/null | tr -d '\\000'; }
                        bronze_check efivarfs grep -q ' /sys/firmware/efi/efivars efivarfs ' /proc/mounts
                        bronze_result loader.entry="$(efivar LoaderEntrySelected)" loader.info="$(efivar LoaderInfo)"
                        mkdir -p /mnt/esp
                        bronze_check esp.mount mount -t vfat -o ro /dev/vda1 /mnt/esp
                        bronze_result sha256.vmlinuz=$(sha256sum /mnt/esp/bronze/vmlinuz | cut -d' ' -f1)
                        bronze_check cmdline.slot grep -q 'bronze.slot=A' /proc/cmdline
                        umount /mnt/esp
                        """.replace("GUID", LOADER_GUID))
                .timeout(Duration.ofMinutes(8))
                .run();

        assertThat(run.passed()).as(run.describe()).isTrue();
        assertThat(run.boots()).hasSize(1);
        assertThat(run.boots().get(0).firmware()).as(run.describe()).isEqualTo("uefi");
        assertThat(run.result("loader.entry")).as(run.describe()).contains("bronze.conf");
        assertThat(run.result("loader.info")).get().asString().startsWith("systemd-boot ");
        String hostSha = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(kernel.vmlinuz())));
        assertThat(run.result("sha256.vmlinuz")).contains(hostSha);
        // OVMF kept its variables in our copy, where a later boot of the same machine finds them.
        assertThat(Files.size(dir.resolve("vars.fd"))).isPositive();
    }
}
