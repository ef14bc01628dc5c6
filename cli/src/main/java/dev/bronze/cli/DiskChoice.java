package dev.bronze.cli;

import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.disk.discovery.Disk;
import dev.bronze.hardware.disk.select.InstallDisk;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;
import java.nio.file.Files;
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
        if (selector != null) {
            Disk d = InstallDisk.fromSelector(sys, selector);
            return Path.of(d.devicePath());
        }
        if (!Files.exists(disk)) {
            throw new HardwareException(disk + " does not exist");
        }
        try {
            InstallDisk.fromDevice(sys, disk.toString());
        } catch (BronzeException e) {
            if (e.exitCode() == ExitCode.REFUSED || e.exitCode() == ExitCode.USAGE) {
                throw e;
            }
            // A node disk discovery does not list (not under sys/class/block): the mount, holder and
            // read-only checks of TargetCheck still run before anything is written.
        }
        return disk;
    }
}
