package dev.bronze.hardware.disk.discovery;

import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.SysRoot;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Disk discovery: every whole disk under {@code sys/class/block}, with what uses it.
 *
 * <p>Loop, ram, zram, device-mapper and md devices are left out unless asked for: they are never
 * install targets, and the disks under them already show them as holders.
 */
public final class Disks {

    private Disks() {
    }

    /** The machine's disks (virtual devices left out). */
    public static List<Disk> discover(SysRoot root) {
        return discover(root, false);
    }

    /** The machine's disks; with {@code includeVirtual} also loop, ram, zram, dm and md devices. */
    public static List<Disk> discover(SysRoot root, boolean includeVirtual) {
        return new BlockScan(root).scan(includeVirtual);
    }

    /**
     * The disk the running system booted from: the one holding the partition the firmware loaded
     * the boot entry from (systemd-boot's {@code LoaderDevicePartUUID}), else the one holding the
     * root filesystem or the kernel command line's {@code root=}. Empty when neither is known or
     * the evidence names more than one disk. On a running node this is what {@code --disk}
     * defaults to for upgrades (ARCHITECTURE.md); an installer booted from a USB stick gets the stick.
     */
    public static Optional<Disk> systemDisk(SysRoot root) {
        List<Disk> disks = discover(root);
        for (DiskUse.Kind kind : List.of(DiskUse.Kind.BOOT_MEDIUM, DiskUse.Kind.RUNNING_SYSTEM)) {
            List<Disk> found = disks.stream().filter(d -> d.uses().stream().anyMatch(u -> u.kind() == kind)).toList();
            if (found.size() == 1) {
                return Optional.of(found.get(0));
            }
            if (found.size() > 1) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The disk a {@code --disk} argument names: {@code /dev/sdb}, {@code sdb}, or a link such as
     * {@code /dev/disk/by-id/wwn-0x5000c500a1b2c3d4}. Loop devices are found too (for installing
     * into a loop-attached image). This only finds the disk; whether it may be written is decided
     * by {@code dev.bronze.hardware.disk.select.InstallDisk}.
     *
     * @throws HardwareException naming the argument when it is a partition or no disk
     */
    public static Disk find(SysRoot root, String device) {
        BlockScan scan = new BlockScan(root);
        List<Disk> disks = scan.scan(true);
        String arg = device.strip();
        String path = arg.startsWith("/dev/") ? arg : arg.contains("/") ? arg : "/dev/" + arg;
        Optional<String> name = scan.deviceName(path);
        if (name.isEmpty()) {
            throw new HardwareException(ExitCode.FAILED, "no such disk: " + device
                    + (path.startsWith("/dev/") ? " (not a block device or a link to one)" : " (give /dev/NAME or a /dev/disk/by-id link)"));
        }
        for (Disk d : disks) {
            if (d.name().equals(name.get())) {
                return d;
            }
        }
        Optional<String> parent = scan.parentOf(name.get());
        if (parent.isPresent()) {
            throw new HardwareException(ExitCode.USAGE, device + " is a partition of /dev/" + parent.get()
                    + "; give the whole disk");
        }
        throw new HardwareException(ExitCode.FAILED, "no such disk: " + device + " (disks: "
                + disks.stream().filter(d -> !d.virtual()).map(Disk::devicePath).collect(Collectors.joining(", ")) + ")");
    }
}
