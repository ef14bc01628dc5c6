package dev.bronze.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.meta.MetaKey;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.hardware.disk.layout.PlannedPartition;
import dev.bronze.testing.DiskPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Installs onto image files and checks the result with sgdisk, fsck.fat, mtools and GRUB's and systemd's tools. */
class InstallerTest {

    static final long SIZE = 512L << 20;

    @TempDir
    Path dir;

    Installer installer() {
        return new Installer(BootTools.debian("x64", dir.resolve("work")), Clock.systemUTC(), SysRoot.of(dir), s -> { });
    }

    BootPayload payload(String v) throws Exception {
        Path d = Files.createDirectories(dir.resolve("p" + v));
        return new BootPayload.Kernel(Files.write(d.resolve("vmlinuz"), ("kernel " + v + "\n").repeat(20000).getBytes()),
                Files.write(d.resolve("initrd"), ("initrd " + v + "\n").repeat(30000).getBytes()));
    }

    record Installed(Path image, Plan plan) {
        PlannedPartition part(String label) {
            return plan.partitions().stream().filter(p -> p.label().equals(label)).findFirst().orElseThrow();
        }

        String mtoolsImage(String label) {
            return image + "@@" + part(label).offset();
        }
    }

    Installed install(BootloaderKind kind, String seed) throws Exception {
        Path img = dir.resolve(kind.id() + ".img");
        Plan plan = LayoutPlanner.plan(kind.defaultLayout(), img.toString(), SIZE, 512, GuidSource.seeded(seed),
                new DiskContents("none", List.of(), List.of(), false));
        try (ImageFile dev = ImageFile.create(img, SIZE, 512)) {
            installer().install(dev, plan, new Installer.InstallRequest(kind, payload("1"), "1", "console=ttyS0",
                    Optional.empty()), true);
        }
        return new Installed(img, plan);
    }

    /** fsck.fat -n on the boot partition, extracted by offset (this machine has no vfat and no partition parsing). */
    void fsckClean(Installed i, String label) throws Exception {
        PlannedPartition p = i.part(label);
        Path part = dir.resolve("part-" + label + ".img");
        try (var in = java.nio.channels.FileChannel.open(i.image()); var out = java.nio.channels.FileChannel.open(part,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(p.offset(), p.size(), out);
        }
        DiskPeers.Result r = DiskPeers.run("fsck.fat", "-n", part.toString());
        assertThat(r.code()).as("fsck.fat: %s %s", r.out(), r.err()).isZero();
    }

    String mtype(Installed i, String path) {
        return DiskPeers.run("mtype", "-i", i.mtoolsImage("EFI"), "::" + path).ok().out();
    }

    @Test
    void sdBootInstallAndLifecyclePassTheRealTools() throws Exception {
        Installed i = install(BootloaderKind.SD_BOOT, "sd");
        DiskPeers.assertSgdiskClean(i.image(), 512);
        fsckClean(i, "EFI");
        String entries = DiskPeers.run("mdir", "-b", "-i", i.mtoolsImage("EFI"), "::/loader/entries").ok().out();
        assertThat(entries).contains("bronze-00001-a.conf");
        assertThat(mtype(i, "/loader/entries/bronze-00001-a.conf")).contains("options console=ttyS0 bronze.slot=A panic=10");
        assertThat(DiskPeers.run("mdir", "-b", "-i", i.mtoolsImage("EFI"), "::/EFI/BOOT").ok().out()).contains("BOOTX64.EFI");

        try (ImageFile dev = ImageFile.open(i.image(), 512)) {
            Installer.Session s = installer().open(dev, Optional.of(Slot.A));
            s.upgrade(payload("2"), "2", "console=ttyS0", 3, Optional.empty());
            AbStatus st = s.status();
            assertThat(st.next()).isEqualTo(Slot.B);
            assertThat(st.state().slot(Slot.B).state()).isEqualTo(SlotState.TRIAL);
            assertThat(s.meta().orElseThrow().read().get(MetaKey.UPGRADE)).contains("A");
        }
        fsckClean(i, "EFI");
        assertThat(DiskPeers.run("mdir", "-b", "-i", i.mtoolsImage("EFI"), "::/loader/entries").ok().out())
                .contains("bronze-00002-b+3-0.conf");
        try (ImageFile dev = ImageFile.open(i.image(), 512)) {
            Installer.Session s = installer().open(dev, Optional.of(Slot.B));
            s.confirm();
            assertThat(s.status().state().slot(Slot.B).state()).isEqualTo(SlotState.GOOD);
            assertThat(s.meta().orElseThrow().read().get(MetaKey.UPGRADE)).isEmpty();
            s.rollback();
            assertThat(s.status().next()).isEqualTo(Slot.A);
        }
        fsckClean(i, "EFI");
        DiskPeers.assertSgdiskClean(i.image(), 512);
    }

    @ParameterizedTest
    @ValueSource(strings = {"grub", "grub-bios"})
    void grubInstallsWriteCheckedConfigsAndBootCode(String kind) throws Exception {
        Installed i = install(BootloaderKind.parse(kind), kind);
        DiskPeers.assertSgdiskClean(i.image(), 512);
        fsckClean(i, "EFI");
        Path cfg = dir.resolve("grub.cfg");
        Files.writeString(cfg, mtype(i, "/grub/grub.cfg"));
        DiskPeers.run("grub-script-check", cfg.toString()).ok();
        Path env = dir.resolve("grubenv");
        DiskPeers.run("mcopy", "-n", "-i", i.mtoolsImage("EFI"), "::/grub/grubenv", env.toString()).ok();
        assertThat(DiskPeers.run("grub-editenv", env.toString(), "list").ok().out()).contains("bronze_gen=0");
        assertThat(DiskPeers.run("mdir", "-b", "-i", i.mtoolsImage("EFI"), "::/EFI/BOOT").ok().out()).contains("BOOTX64.EFI");
        byte[] mbr = new byte[512];
        try (var in = Files.newInputStream(i.image())) {
            in.readNBytes(mbr, 0, 512);
        }
        if (kind.equals("grub-bios")) {
            byte[] boot = Files.readAllBytes(Path.of("/usr/lib/grub/i386-pc/boot.img"));
            assertThat(java.util.Arrays.copyOfRange(mbr, 0x66, 0x68)).containsExactly(0x90, 0x90);
            assertThat(java.util.Arrays.copyOfRange(mbr, 0x68, 0x1b8)).isEqualTo(java.util.Arrays.copyOfRange(boot, 0x68, 0x1b8));
        }
        try (ImageFile dev = ImageFile.open(i.image(), 512)) {
            Installer.Session s = installer().open(dev, Optional.of(Slot.A));
            assertThat(s.status().bootloader()).isEqualTo(kind);
            s.upgrade(payload("2"), "2", "", 2, Optional.empty());
        }
        Files.writeString(cfg, mtype(i, "/grub/grub.cfg"));
        DiskPeers.run("grub-script-check", cfg.toString()).ok();
        fsckClean(i, "EFI");
    }

    @Test
    void seededInstallsAreByteIdentical() throws Exception {
        Installed a = install(BootloaderKind.SD_BOOT, "same");
        Path first = Files.move(a.image(), dir.resolve("first.img"));
        Installed b = install(BootloaderKind.SD_BOOT, "same");
        assertThat(Files.mismatch(first, b.image())).isEqualTo(-1);
    }

    @Test
    void upgradingTheOnlyGoodSlotFromATrialIsRefused() throws Exception {
        Installed i = install(BootloaderKind.SD_BOOT, "x");
        try (ImageFile dev = ImageFile.open(i.image(), 512)) {
            installer().open(dev, Optional.of(Slot.A)).upgrade(payload("2"), "2", "", 3, Optional.empty());
            byte[] before = Files.readAllBytes(i.image());
            assertThatThrownBy(() -> installer().open(dev, Optional.of(Slot.B)).upgrade(payload("3"), "3", "", 3, Optional.empty()))
                    .isInstanceOfSatisfying(BronzeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED));
            assertThat(Files.readAllBytes(i.image())).isEqualTo(before);
        }
    }
}
