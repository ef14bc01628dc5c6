package dev.bronze.hardware.disk.select;

import dev.bronze.hardware.SysRoot;
import java.nio.file.Path;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The kernel's own answer to "is this disk in use": an exclusive open ({@code O_EXCL} on a block
 * device) fails with EBUSY while anything has claimed the disk or one of its partitions (a mount,
 * swap, dm, md, ZFS, bcache, another installer), including users that leave no trace in sysfs.
 * Used just before a disk is handed out for writing; discovery itself opens nothing.
 */
final class KernelClaim {

    /** What an exclusive open said. */
    enum Answer { FREE, BUSY, UNKNOWN }

    private KernelClaim() {
    }

    /** Probes {@code dev/NAME} below {@code root}; anything but a block device is UNKNOWN. */
    static Answer probe(SysRoot root, String name) {
        Path p;
        try {
            p = root.path("dev/" + name);
        } catch (IllegalArgumentException e) {
            return Answer.UNKNOWN;
        }
        try {
            POSIX posix = POSIXFactory.getNativePOSIX();
            FileStat st = posix.allocateStat();
            if (posix.stat(p.toString(), st) != 0 || !st.isBlockDev()) {
                return Answer.UNKNOWN;
            }
            int fd = posix.open(p.toString(), OpenFlags.O_RDONLY.intValue() | OpenFlags.O_EXCL.intValue()
                    | OpenFlags.O_CLOEXEC.intValue(), 0);
            if (fd >= 0) {
                posix.close(fd);
                return Answer.FREE;
            }
            return posix.errno() == Errno.EBUSY.intValue() ? Answer.BUSY : Answer.UNKNOWN;
        } catch (RuntimeException | LinkageError e) {
            // No native POSIX here (an unusual JVM or platform): the sysfs checks still stand.
            return Answer.UNKNOWN;
        }
    }
}
