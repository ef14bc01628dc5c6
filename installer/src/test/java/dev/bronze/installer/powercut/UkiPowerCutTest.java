package dev.bronze.installer.powercut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.esp.EspFiles;
import dev.bronze.bootloader.esp.FatEsp;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.hardware.fat.FatFileSystem;
import dev.bronze.installer.BootDisk;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.testing.qemu.E2eToolkit;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cut after every write of the UKI operations — upgrade to a UKI, confirm, rollback (where
 * sd-boot's own version order disagrees with Bronze's and only loader.conf's glob decides), a change
 * of kind to a Type #1 kernel, reject — and with that write torn: systemd-boot 252's selection
 * ({@link SdBootTypesModel}) must start an intact entry with an intact known-good one behind it, and
 * once a change is complete it must start exactly the slot {@code status} calls next.
 */
class UkiPowerCutTest {

    static final long SIZE = 96L << 20;

    @TempDir
    Path dir;

    final Map<String, byte[]> ukis = new HashMap<>();
    final Map<String, byte[][]> kernels = new HashMap<>();

    BootPayload uki(String v) throws IOException {
        Path k = Files.writeString(dir.resolve("k" + v), ("kernel " + v + "\n").repeat(3000));
        Path out = dir.resolve("u" + v + ".efi");
        HostCommand.run(E2eToolkit.fromRepository().script("build-uki").toString(), "-o", out.toString(), "--linux", k.toString(),
                "--initrd", k.toString(), "--version", v, "--cmdline", "console=ttyS0 panic=10");
        ukis.put(v, Files.readAllBytes(out));
        return new BootPayload.Uki(out);
    }

    BootPayload kernel(String v) throws IOException {
        return ReplayPayloads.kernel(dir, v, kernels);
    }

    Installer installer() {
        return ReplayPayloads.installer(dir);
    }

    BootModel.Verdict verdict(BlockDevice dev) throws IOException {
        BootDisk disk = BootDisk.open(dev);
        EspFiles esp = new FatEsp(FatFileSystem.openReadOnly(dev.slice(disk.partitions().boot().offset(),
                disk.partitions().boot().length())), "cut");
        return SdBootTypesModel.verdict(esp, v -> Optional.ofNullable(kernels.get(v)), v -> Optional.ofNullable(ukis.get(v)));
    }

    interface Op {
        void run(Installer.Session s) throws IOException;
    }

    record Step(String name, Optional<Slot> booted, Op op) {
    }

    @Test
    void everyCutLeavesAKnownGoodUkiOrKernel() throws IOException {
        HostTools.require("objcopy", "objdump");
        Path img = dir.resolve("base.img");
        Plan plan = LayoutPlanner.plan(BootloaderKind.SD_BOOT.defaultLayout().withSlotPayload(8L << 20), img.toString(), SIZE, 512,
                GuidSource.seeded("cut-uki"), new DiskContents("none", List.of(), List.of(), false));
        try (ImageFile base = ImageFile.create(img, SIZE, 512)) {
            installer().install(base, plan, new Installer.InstallRequest(BootloaderKind.SD_BOOT, uki("1"), null, "", Optional.empty()), true);
        }
        BootPayload v2 = uki("2");
        BootPayload v3 = kernel("3");
        List<Step> steps = List.of(
                new Step("upgrade to UKI 2", Optional.of(Slot.A), s -> s.upgrade(v2, null, null, 3, Optional.empty())),
                new Step("confirm 2", Optional.of(Slot.B), Installer.Session::confirm),
                new Step("rollback to 1", Optional.of(Slot.B), Installer.Session::rollback),
                new Step("upgrade to kernel 3", Optional.of(Slot.A), s -> s.upgrade(v3, "3", "", 2, Optional.empty())),
                new Step("reject 3", Optional.of(Slot.B), Installer.Session::reject));
        int cuts = 0;
        try (ImageFile base = ImageFile.openReadOnly(img, 512)) {
            BlockDevice before = JournalDevice.recording(base);
            assertThat(verdict(before).first()).contains(Slot.A);
            for (Step step : steps) {
                JournalDevice rec = JournalDevice.recording(before);
                step.op().run(installer().open(rec, step.booted()));
                List<JournalDevice.Write> journal = rec.journal();
                assertThat(journal).as(step.name()).isNotEmpty();
                for (int n = 0; n <= journal.size(); n++) {
                    for (int torn : n < journal.size() ? new int[] {0, 1} : new int[] {0}) {
                        JournalDevice cut = JournalDevice.cutAfter(before, journal, n, torn, 512);
                        String where = String.format("%s: cut after write %d of %d%s", step.name(), n, journal.size(),
                                torn > 0 ? " with the next torn" : "");
                        BootModel.Verdict v = verdict(cut);
                        assertThat(v.goodIntact()).as(where + " (" + v + ")").isTrue();
                        assertThat(v.bootable()).as(where + " (" + v + ")").isTrue();
                        Slot next = installer().open(cut, Optional.empty()).status().next();
                        if (n == journal.size()) {
                            assertThat(v.first()).as(where + ": sd-boot starts what status calls next (" + v + ")").contains(next);
                        }
                        cuts++;
                    }
                }
                before = rec;
            }
        }
        assertThat(cuts).isGreaterThan(50);
    }
}
