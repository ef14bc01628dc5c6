package dev.bronze.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.linux.Mounter;
import dev.bronze.testing.DiskPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The live-node path on fixture trees: disk and ESP found as on a real node, mount(2) faked. */
class LiveNodeTest {

    @TempDir
    Path dir;

    /** Records every call, then lets the fixture mounter do the work (or fails where told). */
    static class RecordingMounter implements Mounter {
        final List<String> calls = new ArrayList<>();
        final Mounter inner;
        String failFsType;
        int failErrno = 19;

        RecordingMounter(Mounter inner) {
            this.inner = inner;
        }

        @Override
        public void mount(String source, Path target, String fsType, long flags, String data) {
            calls.add("mount " + source + " " + target + " " + fsType + " " + flags + " " + data);
            if (fsType != null && fsType.equals(failFsType)) {
                throw new MountException("mount " + source + " on " + target + " (" + fsType + ") failed: "
                        + dev.bronze.hardware.linux.Errno.describe(failErrno), failErrno);
            }
            inner.mount(source, target, fsType, flags, data);
        }

        @Override
        public void umount(Path target, int flags) {
            calls.add("umount " + target + " " + flags);
            inner.umount(target, flags);
        }
    }

    LiveTree tree() throws Exception {
        return new LiveTree(dir.resolve("root"));
    }

    static AbStatus statusOfImage(LiveTree t, LiveTree.Disk d) throws Exception {
        try (ImageFile img = ImageFile.openReadOnly(d.image(), 512)) {
            return t.installer().open(img, Optional.empty()).status();
        }
    }

    static void fsckEsp(Path dir, LiveTree.Disk d) throws Exception {
        var p = d.part("EFI");
        Path part = dir.resolve("esp-" + d.name() + ".img");
        try (var in = java.nio.channels.FileChannel.open(d.image()); var out = java.nio.channels.FileChannel.open(part,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(p.offset(), p.size(), out);
        }
        DiskPeers.Result r = DiskPeers.run("fsck.fat", "-n", part.toString());
        assertThat(r.code()).as("fsck.fat: %s %s", r.out(), r.err()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"vda, vda1", "nvme0n1, nvme0n1p1", "mmcblk0, mmcblk0p1"})
    void mountsTheEspPrivatelyUpgradesAndUnmounts(String diskName, String espName) throws Exception {
        LiveTree t = tree();
        LiveTree.Disk d = t.disk(diskName, BootloaderKind.SD_BOOT, "live-" + diskName);
        t.loaderDevicePartUuid(d.part("EFI").guid().toString());
        t.cmdline("console=ttyS0 bronze.slot=A panic=10");
        RecordingMounter m = new RecordingMounter(new FixtureMounter(t.sys));

        Path mountPoint;
        try (Installer.Session s = LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_WRITE, m)) {
            mountPoint = Path.of(s.espLocation());
            assertThat(mountPoint.getParent()).isEqualTo(t.root.resolve("run/bronze"));
            assertThat(Files.getPosixFilePermissions(mountPoint)).extracting(java.nio.file.attribute.PosixFilePermission::name)
                    .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "OWNER_EXECUTE");
            assertThat(s.status().booted()).isEqualTo(Slot.A);
            s.upgrade(LiveTree.payload(dir, "2"), "2", null, 3, Optional.empty());
            assertThat(Files.list(mountPoint.resolve("loader/entries")).map(p -> p.getFileName().toString()).toList())
                    .contains("bronze-00002-b+3-0.conf");
        }
        long flags = Mounter.MS_NOSUID | Mounter.MS_NODEV | Mounter.MS_NOEXEC | Mounter.MS_DIRSYNC;
        Path node = t.root.resolve("dev/" + espName);
        assertThat(m.calls).containsExactly(
                "mount " + mountPoint + " " + mountPoint + " null " + Mounter.MS_BIND + " null",
                "mount null " + mountPoint + " null " + Mounter.MS_PRIVATE + " null",
                "mount " + node + " " + mountPoint + " vfat " + flags + " umask=0077",
                "mount null " + mountPoint + " null " + Mounter.MS_PRIVATE + " null",
                "umount " + mountPoint + " 0",
                "umount " + mountPoint + " 0");
        assertThat(mountPoint).doesNotExist();
        // What the live session wrote is on the disk: read back through the image, checked by fsck.fat.
        AbStatus st = statusOfImage(t, d);
        assertThat(st.state().slot(Slot.B).state()).isEqualTo(SlotState.TRIAL);
        assertThat(st.state().slot(Slot.B).version()).isEqualTo("2");
        assertThat(st.next()).isEqualTo(Slot.B);
        fsckEsp(dir, d);
    }

    @Test
    void statusMountsReadOnly() throws Exception {
        LiveTree t = tree();
        t.disk("vda", BootloaderKind.GRUB, "ro");
        RecordingMounter m = new RecordingMounter(new FixtureMounter(t.sys));
        try (Installer.Session s = LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_ONLY, m)) {
            assertThat(s.status().bootloader()).isEqualTo("grub");
        }
        assertThat(m.calls.get(2)).contains(" vfat " + (EspMount.FLAGS | Mounter.MS_RDONLY) + " ");
    }

    @Test
    void systemDiskByLoaderDevicePartUuidAmongSeveralBronzeDisks() throws Exception {
        LiveTree t = tree();
        t.disk("vda", BootloaderKind.SD_BOOT, "a");
        LiveTree.Disk vdb = t.disk("vdb", BootloaderKind.SD_BOOT, "b");
        assertThatThrownBy(() -> LiveNode.find(t.sys)).isInstanceOf(BronzeException.class)
                .hasMessageContaining("no system disk found").hasMessageContaining("/dev/vda, /dev/vdb")
                .extracting(e -> ((BronzeException) e).exitCode()).isEqualTo(ExitCode.REFUSED);
        t.loaderDevicePartUuid(vdb.part("EFI").guid().toString());
        LiveNode.SystemDisk found = LiveNode.find(t.sys);
        assertThat(found.disk().name()).isEqualTo("vdb");
        assertThat(found.reason()).contains("LoaderDevicePartUUID");
    }

    @Test
    void loaderDevicePartUuidNamingNoPartitionIsNoSystemDisk() throws Exception {
        LiveTree t = tree();
        t.disk("vda", BootloaderKind.SD_BOOT, "a");
        t.loaderDevicePartUuid("0fc63daf-8483-4772-8e79-3d69d8477de4");
        assertThatThrownBy(() -> LiveNode.find(t.sys)).isInstanceOf(BronzeException.class)
                .hasMessageContaining("no system disk found: the firmware's LoaderDevicePartUUID 0fc63daf")
                .extracting(e -> ((BronzeException) e).exitCode()).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void systemDiskByLayoutAndByTheRunningSystem() throws Exception {
        LiveTree t = tree();
        LiveTree.Disk vda = t.disk("vda", BootloaderKind.GRUB, "a");
        assertThat(LiveNode.find(t.sys).disk().name()).isEqualTo("vda");
        assertThat(LiveNode.find(t.sys).reason()).contains("Bronze's partitions");
        // An installer stick with Bronze's layout as well: the root file system's disk decides.
        LiveTree.Disk vdb = t.disk("vdb", BootloaderKind.GRUB, "b");
        t.addPartition("vdb", vdb.devDir(), vdb.major(), 3, "STATE", vdb.part("META").offset() + (1 << 20), 1 << 20,
                "11111111-2222-3333-4444-555555555555");
        t.mount("30 1 " + vdb.major() + ":3 / / rw,relatime - ext4 /dev/vdb3 rw");
        assertThat(LiveNode.find(t.sys).disk().name()).isEqualTo("vdb");
        assertThat(vda.name()).isEqualTo("vda");
    }

    @Test
    void noDiskAtAll() throws Exception {
        LiveTree t = tree();
        Files.createDirectories(t.root.resolve("sys/class/block"));
        assertThatThrownBy(() -> LiveNode.open(t.sys, t.installer())).isInstanceOf(BronzeException.class)
                .hasMessageStartingWith("no system disk found: ")
                .extracting(e -> ((BronzeException) e).exitCode()).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void anExistingReadWriteMountIsUsedAsItIs() throws Exception {
        LiveTree t = tree();
        LiveTree.Disk d = t.disk("nvme0n1", BootloaderKind.SD_BOOT, "rw");
        t.cmdline("bronze.slot=A");
        // Someone else's mount at /efi (filled by the fixture mounter, as the kernel would show it).
        Path efi = Files.createDirectories(t.root.resolve("efi"));
        FixtureMounter owner = new FixtureMounter(t.sys);
        owner.mount("/dev/nvme0n1p1", efi, "vfat", 0, null);
        // A bind of a subdirectory and a read-only mount elsewhere must not be picked.
        t.mount("40 1 " + d.majMin("EFI") + " /EFI /srv/efi-sub rw - vfat /dev/nvme0n1p1 rw");
        t.mount("41 1 " + d.majMin("EFI") + " / /efi rw,nosuid,nodev,relatime shared:7 - vfat /dev/nvme0n1p1 rw,fmask=0022");
        RecordingMounter m = new RecordingMounter(new FixtureMounter(t.sys));
        try (Installer.Session s = LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_WRITE, m)) {
            assertThat(s.espLocation()).isEqualTo(efi.toString());
            s.upgrade(LiveTree.payload(dir, "2"), "2", null, 2, Optional.empty());
        }
        assertThat(m.calls).isEmpty();
        assertThat(efi.resolve("loader/entries/bronze-00002-b+2-0.conf")).exists();
        owner.umount(efi, 0);
        assertThat(statusOfImage(t, d).state().slot(Slot.B).triesLeft()).isEqualTo(2);
        fsckEsp(dir, d);
    }

    @Test
    void aReadOnlyMountIsRefusedForWritesAndUsedForReads() throws Exception {
        LiveTree t = tree();
        LiveTree.Disk d = t.disk("vda", BootloaderKind.SD_BOOT, "ro");
        Path efi = Files.createDirectories(t.root.resolve("boot/efi"));
        new FixtureMounter(t.sys).mount("/dev/vda1", efi, "vfat", Mounter.MS_RDONLY, null);
        t.mount("41 1 " + d.majMin("EFI") + " / /boot/efi ro,relatime - vfat /dev/vda1 rw");
        RecordingMounter m = new RecordingMounter(new FixtureMounter(t.sys));
        assertThatThrownBy(() -> LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_WRITE, m))
                .isInstanceOf(BronzeException.class)
                .hasMessageContaining("the ESP " + t.root.resolve("dev/vda1") + " of /dev/vda is mounted read-only on /boot/efi")
                .extracting(e -> ((BronzeException) e).exitCode()).isEqualTo(ExitCode.REFUSED);
        try (Installer.Session s = LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_ONLY, m)) {
            assertThat(s.espLocation()).isEqualTo(efi.toString());
            assertThat(s.status().state().slot(Slot.A).version()).isEqualTo("1");
        }
        assertThat(m.calls).isEmpty();
    }

    @Test
    void aFailedMountIsUndoneAndNamesDeviceMountPointAndErrno() throws Exception {
        LiveTree t = tree();
        t.disk("vda", BootloaderKind.SD_BOOT, "fail");
        RecordingMounter m = new RecordingMounter(new FixtureMounter(t.sys));
        m.failFsType = "vfat";
        assertThatThrownBy(() -> LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_WRITE, m))
                .isInstanceOf(BronzeException.class)
                .hasMessageContaining("cannot mount the ESP " + t.root.resolve("dev/vda1") + " of /dev/vda on "
                        + t.root.resolve("run/bronze/esp-"))
                .hasMessageContaining("no such device (ENODEV)");
        // The private bind was taken down again and the directory removed.
        assertThat(m.calls).hasSize(4);
        assertThat(m.calls.get(3)).startsWith("umount " + t.root.resolve("run/bronze/esp-"));
        try (var l = Files.list(t.root.resolve("run/bronze"))) {
            assertThat(l.toList()).isEmpty();
        }
    }

    @Test
    void aBusyUnmountFallsBackToALazyOne() throws Exception {
        LiveTree t = tree();
        t.disk("vda", BootloaderKind.SD_BOOT, "busy");
        RecordingMounter m = new RecordingMounter(new FixtureMounter(t.sys)) {
            boolean busy = true;

            @Override
            public void umount(Path target, int flags) {
                if (busy && flags == 0) {
                    busy = false;
                    calls.add("umount " + target + " 0 -> EBUSY");
                    throw new MountException("umount " + target + " failed: device busy (EBUSY)", Mounter.EBUSY);
                }
                super.umount(target, flags);
            }
        };
        Path mp;
        try (Installer.Session s = LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_WRITE, m)) {
            mp = Path.of(s.espLocation());
        }
        assertThat(m.calls.subList(4, m.calls.size())).containsExactly("umount " + mp + " 0 -> EBUSY",
                "umount " + mp + " " + Mounter.MNT_DETACH, "umount " + mp + " 0");
        assertThat(mp).doesNotExist();
    }

    @Test
    void metaInUseIsRefusedButOtherMountedPartitionsAreNot() throws Exception {
        LiveTree t = tree();
        LiveTree.Disk d = t.disk("vda", BootloaderKind.SD_BOOT, "meta");
        // The root and STATE of a running node are mounted: that is no reason to refuse.
        t.addPartition("vda", d.devDir(), d.major(), 3, "STATE", d.part("META").offset() + (1 << 20), 4 << 20,
                "11111111-2222-3333-4444-555555555555");
        t.mount("30 1 " + d.major() + ":3 / /system/state rw,relatime - xfs /dev/vda3 rw");
        try (Installer.Session s = LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_WRITE,
                new FixtureMounter(t.sys))) {
            s.meta().orElseThrow().set(dev.bronze.bootloader.meta.MetaKey.parseTag("UserReserved1"), "x".getBytes());
        }
        t.mount("31 1 " + d.majMin("META") + " / /mnt/meta rw - ext2 /dev/vda2 rw");
        assertThatThrownBy(() -> LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_WRITE, new FixtureMounter(t.sys)))
                .isInstanceOf(BronzeException.class)
                .hasMessageContaining("/dev/vda2 is mounted on /mnt/meta: refusing to write the META partition on "
                        + t.root.resolve("dev/vda"))
                .extracting(e -> ((BronzeException) e).exitCode()).isEqualTo(ExitCode.REFUSED);
        try (Installer.Session s = LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_ONLY, new FixtureMounter(t.sys))) {
            assertThat(s.meta().orElseThrow().read().get(dev.bronze.bootloader.meta.MetaKey.parseTag("UserReserved1")))
                    .contains("x");
        }
    }

    @Test
    void biosBootPartitionInUseIsRefused() throws Exception {
        LiveTree t = tree();
        LiveTree.Disk d = t.disk("sda", BootloaderKind.GRUB_BIOS, "bios");
        t.mount("31 1 " + d.majMin("BIOS") + " / /mnt rw - ext2 /dev/" + d.partName("BIOS") + " rw");
        assertThatThrownBy(() -> LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_WRITE, new FixtureMounter(t.sys)))
                .hasMessageContaining("refusing to write the BIOS boot partition")
                .extracting(e -> ((BronzeException) e).exitCode()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void theBootedSlotComesFromTheCommandLine() throws Exception {
        LiveTree t = tree();
        LiveTree.Disk d = t.disk("vda", BootloaderKind.SD_BOOT, "slot");
        t.cmdline("root=/dev/vda3 bronze.slot=B");
        try (Installer.Session s = LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_ONLY, new FixtureMounter(t.sys))) {
            assertThat(s.status().booted()).isEqualTo(Slot.B);
        }
        t.loaderDevicePartUuid(d.part("EFI").guid().toString());
        try (Installer.Session s = LiveNode.open(t.sys, t.installer(), LiveNode.Access.READ_ONLY, new FixtureMounter(t.sys))) {
            assertThat(s.status().booted()).isEqualTo(Slot.B);
        }
    }
}
