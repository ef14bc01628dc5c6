package dev.bronze.installer.powercut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.esp.FatEsp;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.hardware.fat.FatFileSystem;
import dev.bronze.installer.BootDisk;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.testing.qemu.E2eToolkit;
import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The power-cut model checked against the real bootloaders: images cut at sampled writes of an
 * upgrade (one torn) are booted under OVMF, and the slot and version that boot must be the ones
 * the model says boot first.
 */
@Tag("qemu")
class CutImagesBootQemuTest {

    static final String CHECK = """
            arg() { tr ' ' '\\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
            bronze_result slot="$(arg bronze.slot)" version="$(arg bronze.version)"
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sd-boot", "grub"})
    void cutImagesBootWhatTheModelSays(String bootloader) throws IOException {
        HostTools.require("qemu-system-x86_64", "busybox", "cpio", "depmod");
        BootloaderKind kind = BootloaderKind.parse(bootloader);
        E2eToolkit toolkit = E2eToolkit.fromRepository();
        Path kernel = toolkit.kernel().vmlinuz();
        Path initrd = toolkit.initramfs();
        Installer installer = new Installer(BootTools.debian("x64", dir.resolve("work")), Clock.systemUTC(), SysRoot.of(dir), s -> { });
        Path base = dir.resolve("base.img");
        long size = 256L << 20;
        Plan plan = LayoutPlanner.plan(kind.defaultLayout().withSlotPayload(Files.size(kernel) + Files.size(initrd)),
                base.toString(), size, 512, GuidSource.seeded("cut-" + bootloader), new DiskContents("none", List.of(), List.of(), false));
        BootPayload payload = new BootPayload.Kernel(kernel, initrd);
        try (ImageFile dev = ImageFile.create(base, size, 512)) {
            installer.install(dev, plan, new Installer.InstallRequest(kind, payload, "1", "console=ttyS0 panic=1 bronze.version=1",
                    Optional.empty()), true);
        }
        List<JournalDevice.Write> journal;
        try (ImageFile b = ImageFile.openReadOnly(base, 512)) {
            JournalDevice rec = JournalDevice.recording(b);
            installer.open(rec, Optional.of(Slot.A)).upgrade(payload, "2", "console=ttyS0 panic=1 bronze.version=2", 3, Optional.empty());
            journal = rec.journal();
        }
        byte[] k = Files.readAllBytes(kernel);
        byte[] i = Files.readAllBytes(initrd);
        BootModel.Payloads payloads = v -> Optional.of(new byte[][] {k, i});
        int n = journal.size();
        // The start, just before and after the payload is written, the last writes, and one torn.
        int[][] samples = {{1, 0}, {n / 3, 0}, {2 * n / 3, 1}, {n - 2, 0}, {n - 1, 1}, {n, 0}};
        Map<String, String> versionOf = Map.of("A", "1", "B", "2");
        for (int[] s : samples) {
            Path cut = dir.resolve("cut.img");
            Files.copy(base, cut, StandardCopyOption.REPLACE_EXISTING);
            try (ImageFile c = ImageFile.open(cut, 512)) {
                for (int w = 0; w < s[0]; w++) {
                    c.write(journal.get(w).offset(), ByteBuffer.wrap(journal.get(w).data()));
                }
                if (s[1] > 0 && s[0] < n) {
                    JournalDevice.Write t = journal.get(s[0]);
                    c.write(t.offset(), ByteBuffer.wrap(t.data(), 0, Math.min(t.data().length, 512)));
                }
            }
            BootModel.Verdict v;
            try (ImageFile c = ImageFile.openReadOnly(cut, 512)) {
                BootDisk disk = BootDisk.open(c);
                var esp = new FatEsp(FatFileSystem.openReadOnly(c.slice(disk.partitions().boot().offset(),
                        disk.partitions().boot().length())), "cut");
                v = kind == BootloaderKind.SD_BOOT ? BootModel.sdBoot(esp, payloads) : BootModel.grub(esp, payloads);
            }
            String where = bootloader + " upgrade cut after write " + s[0] + " of " + n + (s[1] > 0 ? " (next torn)" : "");
            assertThat(v.bootable()).as(where + ": " + v).isTrue();
            Path logs = Files.createDirectories(Path.of("target", "qemu-logs"));
            GuestRun run = QemuGuest.builder(dir.resolve("guest")).firmware(QemuGuest.Firmware.UEFI).disk(cut)
                    .ovmfVars(dir.resolve("vars-" + s[0] + ".fd")).check(CHECK).noReboot().timeout(Duration.ofMinutes(6))
                    .serialLog(logs.resolve("cut-" + bootloader + "-" + s[0] + "-" + s[1] + ".log")).run();
            assertThat(run.passed()).as(where + ": " + run.describe()).isTrue();
            String slot = v.first().orElseThrow().name();
            assertThat(run.result("slot")).as(where + ", model: " + v).contains(slot);
            assertThat(run.result("version")).as(where + ", model: " + v).contains(versionOf.get(slot));
        }
    }
    /**
     * Two cuts of install itself, around the write that completes it (the entry point the firmware
     * starts, written last): one write before, the model says nothing boots and status calls the
     * disk an incomplete install, and OVMF must fail to load anything from it and move on (to its
     * shell here) without starting a kernel; at that write, the model
     * and status say slot A, and OVMF boots slot A with version 1.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sd-boot", "grub"})
    void cutInstallsBootWhatTheModelSays(String bootloader) throws IOException {
        HostTools.require("qemu-system-x86_64", "busybox", "cpio", "depmod");
        BootloaderKind kind = BootloaderKind.parse(bootloader);
        E2eToolkit toolkit = E2eToolkit.fromRepository();
        Path kernel = toolkit.kernel().vmlinuz();
        Path initrd = toolkit.initramfs();
        Installer installer = new Installer(BootTools.debian("x64", dir.resolve("work")), Clock.systemUTC(), SysRoot.of(dir), s -> { });
        Path base = dir.resolve("blank.img");
        long size = 256L << 20;
        Plan plan = LayoutPlanner.plan(kind.defaultLayout().withSlotPayload(Files.size(kernel) + Files.size(initrd)),
                base.toString(), size, 512, GuidSource.seeded("cut-install-" + bootloader), new DiskContents("none", List.of(), List.of(), false));
        byte[] k = Files.readAllBytes(kernel);
        byte[] i = Files.readAllBytes(initrd);
        BootModel.Payloads payloads = v -> Optional.of(new byte[][] {k, i});
        List<JournalDevice.Write> journal;
        int complete = -1;
        try (ImageFile b = ImageFile.create(base, size, 512)) {
            JournalDevice rec = JournalDevice.recording(b);
            installer.install(rec, plan, new Installer.InstallRequest(kind, new BootPayload.Kernel(kernel, initrd), "1",
                    "console=ttyS0 panic=1 bronze.version=1", Optional.empty()), true);
            journal = rec.journal();
            // The first cut at which status reads a complete install: the entry point's write.
            for (int n = journal.size(); n >= 0; n--) {
                try {
                    installer.open(JournalDevice.cutAfter(b, journal, n, 0, 512), Optional.empty()).status();
                    complete = n;
                } catch (dev.bronze.installer.InstallerException e) {
                    break;
                }
            }
        }
        assertThat(complete).as("a cut before the end is incomplete").isBetween(1, journal.size());
        Path logs = Files.createDirectories(Path.of("target", "qemu-logs"));
        for (int n : new int[] {complete - 1, complete}) {
            Path cut = dir.resolve("cut-install.img");
            Files.copy(base, cut, StandardCopyOption.REPLACE_EXISTING);
            try (ImageFile c = ImageFile.open(cut, 512)) {
                for (int w = 0; w < n; w++) {
                    c.write(journal.get(w).offset(), ByteBuffer.wrap(journal.get(w).data()));
                }
            }
            BootModel.Verdict v;
            try (ImageFile c = ImageFile.openReadOnly(cut, 512)) {
                BootDisk disk = BootDisk.open(c);
                var esp = new FatEsp(FatFileSystem.openReadOnly(c.slice(disk.partitions().boot().offset(),
                        disk.partitions().boot().length())), "cut");
                v = !esp.exists("EFI/BOOT/BOOTX64.EFI") ? new BootModel.Verdict(Optional.empty(), false, false, "no EFI/BOOT/BOOTX64.EFI")
                        : kind == BootloaderKind.SD_BOOT ? BootModel.sdBoot(esp, payloads) : BootModel.grub(esp, payloads);
            }
            String where = bootloader + " install cut after write " + n + " of " + journal.size();
            Path log = logs.resolve("cut-install-" + bootloader + "-" + n + ".log");
            GuestRun run = QemuGuest.builder(dir.resolve("guest-install")).firmware(QemuGuest.Firmware.UEFI).disk(cut)
                    .ovmfVars(dir.resolve("vars-install-" + n + ".fd")).check(CHECK).noReboot()
                    .timeout(v.first().isPresent() ? Duration.ofMinutes(6) : Duration.ofSeconds(150)).serialLog(log).run();
            if (n < complete) {
                assertThat(v.first()).as(where + ": " + v).isEmpty();
                assertThat(run.passed()).as(where + ": nothing may boot: " + run.describe()).isFalse();
                assertThat(run.boots()).as(where).isEmpty();
                // OVMF tries the disk, finds nothing to start and moves on to its next boot option (its shell).
                assertThat(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1)).as(where)
                        .contains("BdsDxe: failed to load").doesNotContain("Linux version");
            } else {
                assertThat(v.bootable()).as(where + ": " + v).isTrue();
                assertThat(run.passed()).as(where + ": " + run.describe()).isTrue();
                assertThat(run.result("slot")).as(where + ", model: " + v).contains(v.first().orElseThrow().name());
                assertThat(run.result("version")).as(where).contains("1");
            }
        }
    }
}
