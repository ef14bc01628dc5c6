package dev.bronze.installer.powercut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.esp.EspFiles;
import dev.bronze.bootloader.esp.FatEsp;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.hardware.disk.layout.PlannedPartition;
import dev.bronze.hardware.fat.FatFileSystem;
import dev.bronze.installer.BootDisk;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.installer.InstallerException;
import dev.bronze.testing.DiskPeers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Power cut after every single write of {@code install} itself, for each bootloader, on a blank
 * disk, on one full of old random data (on a device that ignores discards, so the old bytes stay
 * readable wherever install did not write), and over a working Bronze install (both slots used,
 * discards ignored: the case where a reinstall could boot an old, half-overwritten slot), and
 * over one on a device that carries the whole-disk discard out from the end (which found old
 * tables and FATs outliving the kernels they point at, before FastWipe zeroed them first).
 *
 * <p>After each cut: {@code status} either reads a complete install, and then the firmware model
 * boots an intact slot, or fails with "not installed" / "incomplete install" (an
 * {@link InstallerException}, never a parse error), and then the firmware model finds nothing to
 * boot, so the machine moves on to its next boot device (network, USB) instead of starting a
 * half-written slot. Running {@code install} again on sampled cut disks completes, and the result
 * passes {@code sgdisk -v} (or {@code sfdisk --verify}) and {@code fsck.fat -n}.
 *
 * <p>Torn writes are sampled: every write before the first file lands on the boot partition
 * (the wipe, the table, the format: all large and where a torn write matters most) and every
 * write from there on is torn to its first sector at every seventh position and at the last
 * twenty writes (the bootloader's entry point, META and the state), which keeps each case under
 * a few seconds.
 */
class AbPowerCutInstallTest {

    static final long SIZE = 96L << 20;

    /** The disk install starts from, and what the device does with install's discard. */
    enum Situation {
        BLANK(JournalDevice.Discard.ZEROES),
        RANDOM(JournalDevice.Discard.IGNORED),
        REINSTALL(JournalDevice.Discard.IGNORED),
        /** A device that carries the whole-disk discard out from the end: old tables and FATs outlive the kernels they point at. */
        REINSTALL_DISCARD_FROM_END(JournalDevice.Discard.ZEROES_FROM_END);

        final JournalDevice.Discard discard;

        Situation(JournalDevice.Discard discard) {
            this.discard = discard;
        }

        boolean reinstall() {
            return this == REINSTALL || this == REINSTALL_DISCARD_FROM_END;
        }
    }

    @TempDir
    Path dir;

    final Map<String, byte[][]> payloads = new HashMap<>();

    BootPayload payload(String v) throws IOException {
        return ReplayPayloads.kernel(dir, v, payloads);
    }

    Installer installer() {
        return ReplayPayloads.installer(dir);
    }

    Plan plan(BootloaderKind kind, BlockDevice dev, String seed) throws IOException {
        return LayoutPlanner.plan(kind.defaultLayout().withSlotPayload(8L << 20), dev.name(), SIZE, 512,
                GuidSource.seeded(seed), DiskContents.probe(dev));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String b : List.of("sd-boot", "grub", "grub-bios", "rpi")) {
            for (Situation s : Situation.values()) {
                out.add(Arguments.of(b, s));
            }
        }
        return out.stream();
    }

    /** What the firmware starts before any bootloader state is read: an install's EFI binary, or its MBR code and core. */
    record EntryPoint(byte[] efiBinary, byte[] mbrCode, byte[] biosCore) {
    }

    /** The entry points of the old install (a reinstall) and of the new one: a cut may show either, never a mix. */
    final List<EntryPoint> entryPoints = new ArrayList<>();

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyCutOfInstallIsCompleteOrRecognisablyNot(String bootloader, Situation situation) throws IOException {
        BootloaderKind kind = BootloaderKind.parse(bootloader);
        Path img = dir.resolve("base.img");
        try (ImageFile base = ImageFile.create(img, SIZE, 512)) {
            if (situation == Situation.RANDOM) {
                Random r = new Random(42);
                byte[] chunk = new byte[1 << 20];
                for (long off = 0; off < SIZE; off += chunk.length) {
                    r.nextBytes(chunk);
                    base.write(off, ByteBuffer.wrap(chunk));
                }
            } else if (situation.reinstall()) {
                installer().install(base, plan(kind, base, "old"), new Installer.InstallRequest(kind, payload("1"), "1", "",
                        Optional.empty()), true);
                installer().open(base, Optional.of(Slot.A)).upgrade(payload("2"), "2", "", 3, Optional.empty());
                installer().open(base, Optional.of(Slot.B)).confirm();
            }
        }
        Installer.InstallRequest req = new Installer.InstallRequest(kind, payload("3"), "3", "", Optional.empty());
        int cuts = 0;
        Map<String, Integer> seen = new java.util.TreeMap<>();
        try (ImageFile base = ImageFile.openReadOnly(img, 512)) {
            if (situation.reinstall()) {
                entryPoints.add(entryPoint(kind, base));
                assertThat(firmware(base, kind).bootable()).as("the old install boots").isTrue();
            }
            JournalDevice rec = JournalDevice.recording(base, situation.discard);
            Plan plan = plan(kind, base, "new");
            installer().install(rec, plan, req, true);
            List<JournalDevice.Write> journal = rec.journal();
            entryPoints.add(entryPoint(kind, rec));
            AbStatus done = installer().open(rec, Optional.empty()).status();
            assertThat(done.state().slot(Slot.A).version()).isEqualTo("3");
            assertThat(firmware(rec, kind).bootable()).isTrue();

            int firstFile = firstWriteAfterFormat(journal, plan, kind);
            TreeSet<Integer> reinstallAt = new TreeSet<>(List.of(0, 1, firstFile / 2, firstFile, (firstFile + journal.size()) / 2,
                    journal.size() - 3, journal.size() - 1));
            int peersChecked = 0;
            for (int n = 0; n <= journal.size(); n++) {
                boolean tornHere = n < journal.size() && (n <= firstFile || n % 7 == 0 || n >= journal.size() - 20);
                for (int torn : tornHere ? new int[] {0, 1} : new int[] {0}) {
                    JournalDevice cut = JournalDevice.cutAfter(base, journal, n, torn, 512);
                    String where = String.format("%s %s: cut after write %d of %d%s", bootloader, situation, n, journal.size(),
                            torn > 0 ? " with the next torn" : "");
                    BootModel.Verdict v = firmware(cut, kind);
                    Optional<AbStatus> st = status(cut, where);
                    if (st.isPresent()) {
                        assertThat(v.bootable()).as(where + ": status reads an install, the firmware must boot it (" + v + ")")
                                .isTrue();
                        String version = st.get().state().slot(st.get().next()).version();
                        assertThat(version).as(where).isIn(situation.reinstall() ? List.of("1", "2", "3") : List.of("3"));
                        seen.merge(version.equals("3") ? "new install" : "old install", 1, Integer::sum);
                    } else {
                        seen.merge(lastStatusError.contains("not installed") ? "not installed" : "incomplete install", 1, Integer::sum);
                        assertThat(v.first()).as(where + ": status says not (completely) installed, so nothing may boot ("
                                + v + ")").isEmpty();
                    }
                    if (torn == 0 && reinstallAt.contains(n)) {
                        boolean peers = peersChecked++ < 2 && n > 0 && n < journal.size();
                        reinstall(cut, kind, req, where, peers);
                    }
                    cuts++;
                }
            }
        }
        // Every outcome the order allows is reached: the old install (before the wipe reaches it), a
        // disk that is not installed, an incomplete install, and the new install.
        assertThat(seen).as(bootloader + " " + situation + " after " + cuts + " cuts").containsKeys("not installed",
                "incomplete install", "new install");
        if (situation.reinstall()) {
            assertThat(seen).containsKey("old install");
        }
    }

    String lastStatusError = "";

    /** The status of a cut disk, or empty when it says clearly that it is not (completely) installed. */
    Optional<AbStatus> status(BlockDevice cut, String where) throws IOException {
        try {
            return Optional.of(installer().open(cut, Optional.empty()).status());
        } catch (InstallerException e) {
            assertThat(e.getMessage()).as(where).containsAnyOf("not installed", "incomplete install");
            assertThat(e.exitCode().code()).as(where).isNotZero();
            lastStatusError = e.getMessage();
            return Optional.empty();
        }
    }

    /** Install again on the cut disk: it completes, and (on two samples) the real tools find it clean. */
    void reinstall(JournalDevice cut, BootloaderKind kind, Installer.InstallRequest req, String where, boolean peers)
            throws IOException {
        JournalDevice again = cut.writable();
        Plan plan = plan(kind, again, "again");
        installer().install(again, plan, req, true);
        AbStatus st = installer().open(again, Optional.empty()).status();
        assertThat(st.state().slot(Slot.A).version()).as(where + ", installed again").isEqualTo("3");
        entryPoints.add(entryPoint(kind, again));
        assertThat(firmware(again, kind).bootable()).as(where + ", installed again").isTrue();
        if (!peers) {
            return;
        }
        Path image = dir.resolve("again.img");
        Files.deleteIfExists(image);
        try (ImageFile out = ImageFile.create(image, SIZE, 512)) {
            for (long off = 0; off < SIZE; off += 1 << 20) {
                ByteBuffer b = ByteBuffer.allocate(1 << 20);
                again.read(off, b);
                out.write(off, b.flip());
            }
        }
        if (kind == BootloaderKind.RPI) {
            DiskPeers.Result r = DiskPeers.run("sfdisk", "--verify", image.toString());
            assertThat(r.code()).as(where + ": sfdisk --verify: " + r.out() + r.err()).isZero();
        } else {
            DiskPeers.assertSgdiskClean(image, 512);
        }
        PlannedPartition boot = plan.partitions().stream().filter(p -> p.filesystem() == dev.bronze.hardware.disk.layout.Filesystem.VFAT).findFirst().orElseThrow();
        Path part = dir.resolve("again-boot.img");
        try (var in = java.nio.channels.FileChannel.open(image); var o = java.nio.channels.FileChannel.open(part,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(boot.offset(), boot.size(), o);
        }
        DiskPeers.Result r = DiskPeers.run("fsck.fat", "-n", part.toString());
        assertThat(r.code()).as(where + ": fsck.fat -n: " + r.out() + r.err()).isZero();
    }

    /** The first write after the boot partition was formatted: where install's own files begin. */
    static int firstWriteAfterFormat(List<JournalDevice.Write> journal, Plan plan, BootloaderKind kind) {
        PlannedPartition boot = plan.partitions().stream().filter(p -> p.filesystem() == dev.bronze.hardware.disk.layout.Filesystem.VFAT).findFirst().orElseThrow();
        int last = 0;
        for (int i = 0; i < journal.size(); i++) {
            // The format ends with the boot sector, the first write at the partition's offset.
            if (journal.get(i).offset() == boot.offset() && journal.get(i).data().length <= 4096) {
                last = i;
            }
        }
        return last + 1;
    }

    /** The entry point of a complete install on {@code dev}, read back from it. */
    EntryPoint entryPoint(BootloaderKind kind, BlockDevice dev) throws IOException {
        BootDisk d = BootDisk.open(dev);
        EspFiles esp = new FatEsp(FatFileSystem.openReadOnly(dev.slice(d.partitions().boot().offset(),
                d.partitions().boot().length())), "installed");
        byte[] efi = kind == BootloaderKind.RPI ? new byte[0] : esp.read("EFI/BOOT/BOOTX64.EFI", 64 << 20);
        byte[] mbr = new byte[0];
        byte[] core = new byte[0];
        if (kind == BootloaderKind.GRUB_BIOS) {
            mbr = Arrays.copyOf(dev.read(0, 512), 440);
            core = dev.read(d.partitions().bios().orElseThrow().offset(), (int) Files.size(dir.resolve("work/grub-core.img")));
        }
        return new EntryPoint(efi, mbr, core);
    }

    /**
     * What the firmware boots: a partition table (either GPT copy, or the Pi's MBR), a FAT on the
     * boot partition, the bootloader's entry point (EFI/BOOT/BOOTX64.EFI; for legacy BIOS, GRUB's
     * boot code in the MBR with its core in the BIOS boot partition), then the bootloader's own
     * choice (BootModel). No entry point: nothing boots and the machine moves on. An entry point
     * that is there but not what install wrote fails the test outright: it would hang the machine.
     */
    BootModel.Verdict firmware(BlockDevice dev, BootloaderKind kind) throws IOException {
        BootDisk disk;
        EspFiles esp;
        try {
            disk = BootDisk.open(dev);
            esp = new FatEsp(FatFileSystem.openReadOnly(dev.slice(disk.partitions().boot().offset(),
                    disk.partitions().boot().length())), "cut");
            esp.list("");
        } catch (BronzeException e) {
            return new BootModel.Verdict(Optional.empty(), false, false, "no table or no FAT: " + e.getMessage());
        }
        if (kind == BootloaderKind.GRUB_BIOS) {
            byte[] code = Arrays.copyOf(dev.read(0, 512), 440);
            if (Arrays.equals(code, new byte[440])) {
                return new BootModel.Verdict(Optional.empty(), false, false, "no boot code in the MBR");
            }
            BootDisk.Region bios = disk.partitions().bios().orElseThrow();
            boolean whole = false;
            for (EntryPoint e : entryPoints) {
                whole |= Arrays.equals(code, e.mbrCode()) && Arrays.equals(dev.read(bios.offset(), e.biosCore().length), e.biosCore());
            }
            assertThat(whole).as("the MBR's boot code and the core behind it are one install's, whole").isTrue();
        } else if (kind != BootloaderKind.RPI) {
            if (!esp.exists("EFI/BOOT/BOOTX64.EFI")) {
                return new BootModel.Verdict(Optional.empty(), false, false, "no EFI/BOOT/BOOTX64.EFI");
            }
            byte[] efi = esp.read("EFI/BOOT/BOOTX64.EFI", 64 << 20);
            assertThat(entryPoints.stream().anyMatch(e -> Arrays.equals(e.efiBinary(), efi)))
                    .as("the firmware's EFI/BOOT/BOOTX64.EFI is one install's, whole").isTrue();
        }
        BootModel.Payloads p = v -> Optional.ofNullable(payloads.get(v));
        return switch (kind) {
            case SD_BOOT -> BootModel.sdBoot(esp, p);
            case RPI -> BootModel.rpi(esp, p, List.copyOf(payloads.keySet()));
            default -> BootModel.grub(esp, p);
        };
    }
}
