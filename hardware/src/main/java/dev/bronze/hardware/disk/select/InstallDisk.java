package dev.bronze.hardware.disk.select;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.disk.discovery.Disk;
import dev.bronze.hardware.disk.discovery.DiskUse;
import dev.bronze.hardware.disk.discovery.Disks;
import java.util.ArrayList;
import java.util.List;

/**
 * The disk an install, partition or wipe may write: from {@code --disk DEV} or
 * {@code --disk-selector EXPR}, with the same safety checks either way. A disk that is in use
 * (mounted, held by dm/md, swap, the running system, the boot medium), read-only, a CD/DVD drive,
 * an eMMC boot area or a virtual device is refused with exit code 4, and no flag overrides that.
 * ({@code --force} is about wiping a disk that is not empty; that is the caller's check.)
 */
public final class InstallDisk {

    private InstallDisk() {
    }

    /** {@code --disk DEV}: {@code /dev/sdb}, {@code sdb} or a {@code /dev/disk/by-*} link; loop devices allowed. */
    public static Disk fromDevice(SysRoot root, String device) {
        Disk d = Disks.find(root, device);
        String why = whyNot(d, true);
        if (!why.isEmpty()) {
            String prefix = d.inUse() ? "disk " + d.devicePath() + " is in use: " : "disk " + d.devicePath() + " cannot be written: ";
            throw BronzeException.refused(prefix + why + "; refusing (no option overrides this)");
        }
        return claimable(root, d);
    }

    /** {@code --disk-selector EXPR} over the machine's disks. */
    public static Disk fromSelector(SysRoot root, String expression) {
        DiskSelector selector = DiskSelector.parse(expression);
        return claimable(root, selector.select(Disks.discover(root)));
    }

    /**
     * The last word is the kernel's: a disk that sysfs shows free but that an exclusive open finds
     * busy (ZFS, a program holding it) is refused too.
     */
    private static Disk claimable(SysRoot root, Disk d) {
        if (KernelClaim.probe(root, d.name()) == KernelClaim.Answer.BUSY) {
            throw BronzeException.refused("disk " + d.devicePath() + " is in use: the kernel refuses an exclusive open"
                    + " (EBUSY), so something holds it that sysfs does not show (ZFS, a program with it open exclusively)"
                    + "; refusing (no option overrides this)");
        }
        return d;
    }

    /** Refuses {@code disk} unless it may be written (for callers that found it another way). */
    public static Disk check(Disk disk) {
        String why = whyNot(disk, false);
        if (!why.isEmpty()) {
            throw BronzeException.refused("disk " + disk.devicePath() + " must not be written: " + why);
        }
        return disk;
    }

    /**
     * Why {@code disk} must not be written, empty when it may be. With {@code allowLoop} a loop
     * device is acceptable (installing into an attached image); other virtual devices never are.
     */
    static String whyNot(Disk disk, boolean allowLoop) {
        List<String> reasons = new ArrayList<>();
        for (String u : disk.unfit()) {
            if (!(allowLoop && disk.name().matches("loop\\d+") && u.startsWith("a virtual device"))) {
                reasons.add(u);
            }
        }
        for (DiskUse u : disk.uses()) {
            reasons.add(u.detail());
        }
        return String.join(", ", reasons);
    }
}
