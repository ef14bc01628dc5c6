package dev.bronze.hardware.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.HostRegion;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.block.LinuxBlockDevice;
import dev.bronze.testing.DiskPeers;
import dev.bronze.testing.ForwardingDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java FAT never writes a partition the kernel has mounted. */
class FatMountedRefusalTest {

    static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    /** An image standing in for /dev/vda (major 254) on a fixture tree. */
    static final class FakeDisk extends ForwardingDevice {
        private final SysRoot sys;

        FakeDisk(BlockDevice inner, SysRoot sys) {
            super(inner);
            this.sys = sys;
        }

        @Override
        public Optional<HostRegion> hostRegion() {
            try {
                return Optional.of(new HostRegion(Path.of("/dev/vda"), 254, 0, 0, inner.size(), sys));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    SysRoot tree(String mountinfo) throws Exception {
        Path root = dir.resolve("root");
        String disk = "sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda";
        write(root, disk + "/dev", "254:0");
        write(root, disk + "/size", Long.toString(64 * MIB / 512));
        // vda1: 1 MiB..33 MiB (the ESP), vda2: 33 MiB..63 MiB.
        write(root, disk + "/vda1/partition", "1");
        write(root, disk + "/vda1/start", "2048");
        write(root, disk + "/vda1/size", Long.toString(32 * MIB / 512));
        write(root, disk + "/vda1/dev", "254:1");
        write(root, disk + "/vda2/partition", "2");
        write(root, disk + "/vda2/start", Long.toString(33 * MIB / 512));
        write(root, disk + "/vda2/size", Long.toString(30 * MIB / 512));
        write(root, disk + "/vda2/dev", "254:2");
        Files.createDirectories(root.resolve("sys/class/block"));
        Files.createSymbolicLink(root.resolve("sys/class/block/vda"), Path.of("../../" + disk.substring(4)));
        Files.createSymbolicLink(root.resolve("sys/class/block/vda1"), Path.of("../../" + disk.substring(4) + "/vda1"));
        Files.createSymbolicLink(root.resolve("sys/class/block/vda2"), Path.of("../../" + disk.substring(4) + "/vda2"));
        write(root, "proc/self/mountinfo", "1 0 0:2 / / rw - rootfs rootfs rw\n" + mountinfo);
        return SysRoot.of(root);
    }

    static void write(Path root, String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void refusesToFormatOrOpenAMountedPartition() throws Exception {
        SysRoot sys = tree("30 1 254:1 / /boot/efi rw,relatime - vfat /dev/vda1 rw\n");
        try (ImageFile img = ImageFile.create(dir.resolve("vda.img"), 64 * MIB, 512)) {
            BlockDevice disk = new FakeDisk(img, sys);
            BlockDevice esp = disk.slice(MIB, 32 * MIB);
            assertThatThrownBy(() -> FatFileSystem.format(esp, FatFormat.of("EFI", 1), Clock.systemUTC()))
                    .isInstanceOf(BronzeException.class)
                    .hasMessageContaining("/dev/vda1 is mounted on /boot/efi: refusing to format the FAT file system at byte "
                            + MIB + " of /dev/vda")
                    .extracting(e -> ((BronzeException) e).exitCode()).isEqualTo(ExitCode.REFUSED);
            // A slice that only overlaps the mounted partition's last sector is refused too.
            assertThatThrownBy(() -> FatFileSystem.format(disk.slice(33 * MIB - 512, MIB), FatFormat.of("X", 2), Clock.systemUTC()))
                    .hasMessageContaining("/dev/vda1 is mounted");
            // The unmounted neighbour is written; so is the same region on the image itself.
            FatFileSystem.format(disk.slice(33 * MIB, 30 * MIB), FatFormat.of("OTHER", 3), Clock.systemUTC()).close();
            FatFileSystem.format(img.slice(MIB, 32 * MIB), FatFormat.of("EFI", 1), Clock.systemUTC()).close();
            assertThatThrownBy(() -> FatFileSystem.open(esp, Clock.systemUTC())).hasMessageContaining("refusing to write");
            // Reading a mounted FAT is allowed.
            try (FatFileSystem ro = FatFileSystem.openReadOnly(esp)) {
                assertThat(ro.label()).isEqualTo("EFI");
            }
        }
    }

    @Test
    void aMountedWholeDiskIsRefusedForEverySlice() throws Exception {
        SysRoot sys = tree("30 1 254:0 / /mnt rw - vfat /dev/vda rw\n");
        try (ImageFile img = ImageFile.create(dir.resolve("vda.img"), 64 * MIB, 512)) {
            assertThatThrownBy(() -> FatFileSystem.format(new FakeDisk(img, sys).slice(40 * MIB, 8 * MIB), FatFormat.of("X", 2),
                    Clock.systemUTC())).hasMessageContaining("/dev/vda is mounted on /mnt");
        }
    }

    /**
     * A real loop device with a real ext2 mount on it: LinuxBlockDevice's major:minor (from stat)
     * is found in the real /proc/self/mountinfo and the FAT refuses; once unmounted, the FAT it
     * writes passes fsck.fat.
     */
    @Test
    @Tag("root")
    void aRealMountedLoopDeviceIsRefused() throws Exception {
        DiskPeers.requireRoot();
        Path img = dir.resolve("loop.img");
        try (ImageFile f = ImageFile.create(img, 64 * MIB, 512)) {
            f.flush();
        }
        String loop = DiskPeers.run("losetup", "-f", "--show", img.toString()).ok().out().strip();
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        try {
            DiskPeers.run("mkfs.ext2", "-q", loop).ok();
            DiskPeers.run("mount", "-t", "ext2", loop, mnt.toString()).ok();
            try (LinuxBlockDevice dev = LinuxBlockDevice.openShared(Path.of(loop))) {
                assertThat(dev.hostRegion()).isPresent();
                assertThatThrownBy(() -> FatFileSystem.format(dev, FatFormat.of("EFI", 1), Clock.systemUTC()))
                        .hasMessageContaining(loop + " is mounted on " + mnt)
                        .extracting(e -> ((BronzeException) e).exitCode()).isEqualTo(ExitCode.REFUSED);
            }
            DiskPeers.run("umount", mnt.toString()).ok();
            try (LinuxBlockDevice dev = LinuxBlockDevice.open(Path.of(loop))) {
                FatFileSystem.format(dev, FatFormat.of("EFI", 1), Clock.systemUTC()).close();
            }
            DiskPeers.run("fsck.fat", "-n", loop).ok();
        } finally {
            DiskPeers.run("umount", mnt.toString());
            DiskPeers.run("losetup", "-d", loop);
        }
    }
}
