package dev.bronze.cli;

import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.disk.discovery.Disk;
import dev.bronze.hardware.disk.select.InstallDisk;
import java.nio.file.Path;

/**
 * {@code --disk DEV} or {@code --disk-selector EXPR} to one device node, with the same refusals
 * for both: never a read-only, CD-ROM or in-use disk (mounted, a holder, the running system, the
 * boot medium), and never one of several matches.
 */
final class DiskChoice {

    private DiskChoice() {
    }

    static Path resolve(SysRoot sys, Path disk, String selector) {
        Disk d = selector != null ? InstallDisk.fromSelector(sys, selector) : InstallDisk.fromDevice(sys, disk.toString());
        return Path.of(d.devicePath());
    }
}
