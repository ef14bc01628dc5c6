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
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Power cut after every single write of upgrade, confirm, rollback, another upgrade and reject
 * (and with that write torn to its first sector), for each bootloader: the model of what the
 * firmware and bootloader do must find an intact known-good slot, what boots first must be
 * intact, and {@code status} must read the disk without error.
 */
class AbPowerCutTest {

    static final long SIZE = 96L << 20;

    @TempDir
    Path dir;

    final Map<String, byte[][]> payloads = new HashMap<>();

    BootPayload payload(String v) throws IOException {
        return ReplayPayloads.kernel(dir, v, payloads);
    }

    Installer installer() {
        return ReplayPayloads.installer(dir);
    }

    BootModel.Verdict verdict(BlockDevice dev, BootloaderKind kind) throws IOException {
        BootDisk disk = BootDisk.open(dev);
        EspFiles esp = new FatEsp(FatFileSystem.openReadOnly(dev.slice(disk.partitions().boot().offset(),
                disk.partitions().boot().length())), "cut");
        BootModel.Payloads p = v -> Optional.ofNullable(payloads.get(v));
        return switch (kind) {
            case SD_BOOT -> BootModel.sdBoot(esp, p);
            case RPI -> BootModel.rpi(esp, p, List.copyOf(payloads.keySet()));
            default -> BootModel.grub(esp, p);
        };
    }

    interface Op {
        void run(Installer.Session s) throws IOException;
    }

    record Step(String name, Optional<Slot> booted, Op op) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"sd-boot", "grub", "grub-bios", "rpi"})
    void everyCutLeavesAKnownGoodSlot(String bootloader) throws IOException {
        BootloaderKind kind = BootloaderKind.parse(bootloader);
        Path img = dir.resolve("base.img");
        Plan plan = LayoutPlanner.plan(kind.defaultLayout().withSlotPayload(8L << 20), img.toString(), SIZE, 512,
                GuidSource.seeded("cut"), new DiskContents("none", List.of(), List.of(), false));
        try (ImageFile base = ImageFile.create(img, SIZE, 512)) {
            installer().install(base, plan, new Installer.InstallRequest(kind, payload("1"), "1", "", Optional.empty()), true);
        }
        BootPayload v2 = payload("2");
        BootPayload v3 = payload("3");
        List<Step> steps = List.of(
                new Step("upgrade to 2", Optional.of(Slot.A), s -> s.upgrade(v2, "2", "", 3, Optional.empty())),
                new Step("confirm 2", Optional.of(Slot.B), Installer.Session::confirm),
                new Step("rollback to 1", Optional.of(Slot.B), Installer.Session::rollback),
                new Step("upgrade to 3", Optional.of(Slot.A), s -> s.upgrade(v3, "3", "", 2, Optional.empty())),
                new Step("reject 3", Optional.of(Slot.B), Installer.Session::reject));
        int cuts = 0;
        try (ImageFile base = ImageFile.openReadOnly(img, 512)) {
            BlockDevice before = JournalDevice.recording(base);
            assertThat(verdict(before, kind).bootable()).isTrue();
            for (Step step : steps) {
                JournalDevice rec = JournalDevice.recording(before);
                step.op().run(installer().open(rec, step.booted()));
                List<JournalDevice.Write> journal = rec.journal();
                assertThat(journal).as(step.name()).isNotEmpty();
                for (int n = 0; n <= journal.size(); n++) {
                    for (int torn : n < journal.size() ? new int[] {0, 1} : new int[] {0}) {
                        JournalDevice cut = JournalDevice.cutAfter(before, journal, n, torn, 512);
                        String where = String.format("%s %s: cut after write %d of %d%s", bootloader, step.name(), n,
                                journal.size(), torn > 0 ? " with the next torn" : "");
                        BootModel.Verdict v = verdict(cut, kind);
                        assertThat(v.goodIntact()).as(where + " (" + v + ")").isTrue();
                        assertThat(v.bootable()).as(where + " (" + v + ")").isTrue();
                        // status reads the cut disk without an error.
                        installer().open(cut, Optional.empty()).status();
                        cuts++;
                    }
                }
                before = rec;
            }
        }
        assertThat(cuts).isGreaterThan(50);
    }
}
