package dev.bronze.installer.node;

import dev.bronze.bootloader.ab.Slot;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.LinuxBlockDevice;
import dev.bronze.hardware.disk.discovery.Disk;
import dev.bronze.hardware.disk.discovery.Disks;
import dev.bronze.installer.BootDisk;
import dev.bronze.installer.BootedSlot;
import dev.bronze.installer.Installer;
import dev.bronze.installer.InstallerException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The node's system disk opened directly, for an init that has not mounted the boot partition:
 * the disk the firmware booted from ({@link Disks#systemDisk}), its ESP written through the
 * pure-Java FAT. {@code LiveNode} (which also handles a mounted ESP) replaces this once it exists
 * on the branch.
 */
final class SystemDiskSessions implements NodeSessions {

    private final SysRoot sys;
    private final Installer installer;

    SystemDiskSessions(SysRoot sys, Installer installer) {
        this.sys = sys;
        this.installer = installer;
    }

    @Override
    public Installer.Session open() throws IOException {
        Disk disk = Disks.systemDisk(sys).orElseThrow(() -> new InstallerException(
                "cannot tell the system disk (no LoaderDevicePartUUID or root= naming exactly one disk)"));
        Path dev = sys.path(disk.devicePath().replaceFirst("^/", ""));
        // Read-only first: a disk that is not a Bronze disk (a developer's machine running the
        // agent by mistake) is never opened for writing at all.
        try (LinuxBlockDevice probe = LinuxBlockDevice.openReadOnly(dev)) {
            BootDisk.open(probe);
        }
        LinuxBlockDevice bd = LinuxBlockDevice.open(dev);
        try {
            BootDisk bootDisk = BootDisk.open(bd);
            Optional<Slot> booted = BootedSlot.of(sys, bootDisk);
            return installer.open(bootDisk, booted);
        } catch (IOException | RuntimeException e) {
            bd.close();
            throw e;
        }
    }
}
