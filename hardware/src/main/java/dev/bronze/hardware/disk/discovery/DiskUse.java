package dev.bronze.hardware.disk.discovery;

/**
 * One reason a disk is in use and must not be wiped. A disk with any of these is never chosen by
 * a selector nor accepted by {@code --disk}, whatever flags are given.
 *
 * @param kind   what kind of use
 * @param detail a sentence a user can check, naming the partition or holder concerned
 */
public record DiskUse(Kind kind, String detail) {

    public enum Kind {
        /** A filesystem on the disk, a partition of it or a holder built on it is mounted. */
        MOUNTED,
        /** A device-mapper (LVM, LUKS, multipath) or md RAID device is built on it. */
        HELD,
        /** Swap is active on it. */
        SWAP,
        /** It holds the running system: the root filesystem, or the kernel command line's root=. */
        RUNNING_SYSTEM,
        /** The firmware booted this system from it (the ESP the booted entry came from). */
        BOOT_MEDIUM
    }

    @Override
    public String toString() {
        return detail;
    }
}
