package dev.bronze.installer.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.testing.qemu.E2eToolkit;
import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The A/B model booted for real: Debian's kernel under OVMF (sd-boot, grub) or SeaBIOS (grub-bios)
 * from images Bronze installed, with an initramfs that reports the slot and version it booted.
 * 1 after install, 2 after an upgrade, 2 again after confirm, 1 after rollback, and 1 again by
 * itself after an upgrade to a kernel that panics has used up its tries — each boot one QEMU run
 * ({@code -no-reboot}), the bootloader counting on its own.
 */
@Tag("qemu")
class AbBootQemuTest {

    static final String CHECK = """
            arg() { tr ' ' '\\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
            bronze_result slot="$(arg bronze.slot)" version="$(arg bronze.version)"
            # What only a full kernel shows: Bronze's partitions (again after BLKRRPART), and the
            # ESP that the pure-Java FAT wrote, mounted by Linux's own vfat.
            bronze_check partitions bronze_has_partition vda1
            bronze_check rereadpt blockdev --rereadpt /dev/vda
            bronze_check partitions-after-rereadpt bronze_has_partition vda2
            mkdir -p /mnt/esp
            bronze_check esp-vfat mount -t vfat -o ro /dev/vda1 /mnt/esp
            bronze_result kernel.sha="$(sha256sum /mnt/esp/bronze/$(arg bronze.slot)/vmlinuz | cut -d' ' -f1)"
            umount /mnt/esp
            """;

    @TempDir
    Path dir;

    E2eToolkit toolkit;
    Path kernel;
    Path initramfs;
    Path image;
    Installer installer;

    BootPayload payload(boolean panics) throws IOException {
        if (!panics) {
            return new BootPayload.Kernel(kernel, initramfs);
        }
        // An initramfs with nothing in it: no init, so the kernel panics before userspace.
        Path empty = Files.createDirectories(dir.resolve("empty-root"));
        Path bad = dir.resolve("panic-initrd.cpio");
        HostCommand.run("sh", "-c", "cd '" + empty + "' && find . | cpio -o -H newc > '" + bad + "' 2>/dev/null");
        return new BootPayload.Kernel(kernel, bad);
    }

    static String args(String version) {
        // panic=1 keeps a panicking trial short; each entry carries it instead of Bronze's panic=10.
        return "console=ttyS0 panic=1 bronze.version=" + version;
    }

    int boots;

    GuestRun boot(BootloaderKind kind) throws IOException {
        // Serial logs outlive the temporary folder, so a failed boot can be read afterwards.
        Path logs = Files.createDirectories(Path.of("target", "qemu-logs"));
        QemuGuest.Builder b = QemuGuest.builder(dir.resolve("guest"))
                .firmware(kind == BootloaderKind.GRUB_BIOS ? QemuGuest.Firmware.BIOS : QemuGuest.Firmware.UEFI)
                .disk(image)
                .serialLog(logs.resolve(kind.id() + "-boot" + (++boots) + ".log"));
        if (kind != BootloaderKind.GRUB_BIOS) {
            b.ovmfVars(dir.resolve("vars.fd"));
        }
        return b.check(CHECK)
                .noReboot()
                .timeout(Duration.ofMinutes(6))
                .run();
    }

    void expectBoot(BootloaderKind kind, Slot slot, String version) throws IOException {
        GuestRun run = boot(kind);
        assertThat(run.passed()).as(run.describe()).isTrue();
        assertThat(run.result("slot")).as(run.describe()).contains(slot.name());
        assertThat(run.result("version")).as(run.describe()).contains(version);
        assertThat(run.result("kernel.sha")).as(run.describe()).contains(sha256(kernel));
    }

    static String sha256(Path f) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void expectPanic(BootloaderKind kind) throws IOException {
        GuestRun run = boot(kind);
        assertThat(run.passed()).as(run.describe()).isFalse();
        assertThat(run.done()).as(run.describe()).isEmpty();
    }

    Installer.Session session() throws IOException {
        return installer.open(ImageFile.open(image, 512), Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sd-boot", "grub", "grub-bios"})
    void slotsBootAsTheModelSays(String bootloader) throws IOException {
        HostTools.require("qemu-system-x86_64", "busybox", "cpio", "depmod");
        BootloaderKind kind = BootloaderKind.parse(bootloader);
        toolkit = E2eToolkit.fromRepository();
        kernel = toolkit.kernel().vmlinuz();
        initramfs = toolkit.initramfs();
        installer = new Installer(BootTools.debian("x64", dir.resolve("work")), Clock.systemUTC(), SysRoot.of(dir), s -> { });
        image = dir.resolve(bootloader + ".img");
        long size = 512L << 20;
        Plan plan = LayoutPlanner.plan(kind.defaultLayout().withSlotPayload(Files.size(kernel) + (40L << 20)),
                image.toString(), size, 512, GuidSource.seeded(bootloader), new DiskContents("none", List.of(), List.of(), false));
        try (ImageFile dev = ImageFile.create(image, size, 512)) {
            installer.install(dev, plan, new Installer.InstallRequest(kind, payload(false), "1", args("1"), Optional.empty()), true);
        }
        expectBoot(kind, Slot.A, "1");

        try (var s = new Closer(session())) {
            s.s.upgrade(payload(false), "2", args("2"), 2, Optional.empty());
        }
        expectBoot(kind, Slot.B, "2");
        try (var s = new Closer(session())) {
            assertThat(s.s.status().booted()).as("the bootloader's own state shows B was tried").isEqualTo(Slot.B);
            s.s.confirm();
        }
        expectBoot(kind, Slot.B, "2");

        try (var s = new Closer(session())) {
            s.s.rollback();
        }
        expectBoot(kind, Slot.A, "1");

        try (var s = new Closer(session())) {
            s.s.upgrade(payload(true), "3", args("3"), 2, Optional.empty());
        }
        expectPanic(kind);
        expectPanic(kind);
        expectBoot(kind, Slot.A, "1");
        try (var s = new Closer(session())) {
            AbStatus st = s.s.status();
            assertThat(st.state().slot(Slot.B).state()).isEqualTo(SlotState.BAD);
            assertThat(st.next()).isEqualTo(Slot.A);
        }
    }

    /** Closes the session's image after each host-side step, so QEMU sees every write. */
    record Closer(Installer.Session s) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            s.close();
        }
    }
}
