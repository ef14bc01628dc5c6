package dev.bronze.hardware.disk.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.testing.Fixtures;
import org.junit.jupiter.api.Test;

class InstallDiskTest {

    static SysRoot tree(String name) {
        return SysRoot.of(Fixtures.vector("disks/" + name));
    }

    static void refused(Runnable r, ExitCode code, String message) {
        assertThatThrownBy(r::run).isInstanceOf(BronzeException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((BronzeException) e).exitCode()).isEqualTo(code));
    }

    @Test
    void aFreeDiskIsAcceptedByNameOrStableLink() {
        assertThat(InstallDisk.fromDevice(tree("workstation"), "/dev/nvme0n1").name()).isEqualTo("nvme0n1");
        assertThat(InstallDisk.fromDevice(tree("workstation"), "/dev/disk/by-id/nvme-eui.0025385b71b07e2f").name())
                .isEqualTo("nvme0n1");
        assertThat(InstallDisk.fromDevice(tree("server-lvm-md"), "/dev/disk/by-id/wwn-0x5000c500a1b2c3d4").name())
                .isEqualTo("sdd");
        // A disk with old partitions but nothing using them is acceptable here; --force is the caller's check.
        assertThat(InstallDisk.fromDevice(tree("workstation"), "sda").partitions()).hasSize(2);
    }

    @Test
    void diskInUseIsRefusedWithTheReasons() {
        refused(() -> InstallDisk.fromDevice(tree("server-lvm-md"), "/dev/sda"), ExitCode.REFUSED,
                "disk /dev/sda is in use: / is mounted from dm-1 (vg0-root, LVM), built on sda3");
        refused(() -> InstallDisk.fromDevice(tree("server-lvm-md"), "/dev/sdb"), ExitCode.REFUSED,
                "sdb1 is held by md0 (md raid1); refusing (no option overrides this)");
        refused(() -> InstallDisk.fromDevice(tree("workstation"), "/dev/disk/by-id/usb-SanDisk_Cruzer_Blade_4C530001234567891234-0:0"),
                ExitCode.REFUSED, "the firmware booted this system from sdc1");
        refused(() -> InstallDisk.fromDevice(tree("rpi-cm4"), "/dev/mmcblk1"), ExitCode.REFUSED,
                "the running system's root filesystem is on mmcblk1p2");
    }

    @Test
    void unfitDevicesAreRefused() {
        refused(() -> InstallDisk.fromDevice(tree("qemu-virtio"), "/dev/sr0"), ExitCode.REFUSED,
                "disk /dev/sr0 cannot be written: a CD/DVD drive");
        refused(() -> InstallDisk.fromDevice(tree("rpi-cm4"), "/dev/mmcblk0boot0"), ExitCode.REFUSED,
                "an eMMC hardware boot/RPMB area, not the card's user area, read-only");
        refused(() -> InstallDisk.fromDevice(tree("server-lvm-md"), "/dev/mapper/vg0-root"), ExitCode.REFUSED,
                "a virtual device (device-mapper), not a disk");
        refused(() -> InstallDisk.fromDevice(tree("server-lvm-md"), "/dev/md0"), ExitCode.REFUSED, "md RAID");
        refused(() -> InstallDisk.fromDevice(tree("qemu-virtio"), "/dev/loop0"), ExitCode.REFUSED, "no medium (size 0)");
        refused(() -> InstallDisk.fromDevice(tree("qemu-virtio"), "/dev/loop1"), ExitCode.REFUSED, "/snap/core20/2015 is mounted from loop1");
    }

    @Test
    void partitionsAndUnknownDevicesAreNotDisks() {
        refused(() -> InstallDisk.fromDevice(tree("rpi-cm4"), "/dev/mmcblk1p2"), ExitCode.USAGE,
                "/dev/mmcblk1p2 is a partition of /dev/mmcblk1; give the whole disk");
        refused(() -> InstallDisk.fromDevice(tree("rpi-cm4"), "/dev/sda"), ExitCode.FAILED,
                "no such disk: /dev/sda (disks: /dev/mmcblk0, /dev/mmcblk0boot0");
    }

    @Test
    void selectorPathRunsDiscoveryAndTheSameChecks() {
        assertThat(InstallDisk.fromSelector(tree("server-lvm-md"), "type=hdd").name()).isEqualTo("sdd");
        refused(() -> InstallDisk.fromSelector(tree("server-lvm-md"), "type=ssd"), ExitCode.REFUSED,
                "matches only disks that must not be written");
        refused(() -> InstallDisk.fromSelector(tree("server-lvm-md"), "type=ssd,"), ExitCode.USAGE, "empty clause");
        assertThat(InstallDisk.check(InstallDisk.fromSelector(tree("qemu-virtio"), "serial=data-*")).name()).isEqualTo("vdb");
    }
}
