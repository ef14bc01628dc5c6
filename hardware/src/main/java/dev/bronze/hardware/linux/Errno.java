package dev.bronze.hardware.linux;

import com.sun.jna.Native;

/** errno as text for messages. */
public final class Errno {

    private Errno() {
    }

    public static String last() {
        int e = Native.getLastError();
        return describe(e);
    }

    public static String describe(int e) {
        return switch (e) {
            case 1 -> "operation not permitted (EPERM)";
            case 2 -> "no such file (ENOENT)";
            case 5 -> "I/O error (EIO)";
            case 9 -> "bad file descriptor (EBADF)";
            case 13 -> "permission denied (EACCES)";
            case 16 -> "device busy (EBUSY)";
            case 19 -> "no such device (ENODEV)";
            case 22 -> "invalid argument (EINVAL)";
            case 25 -> "not supported by this device (ENOTTY)";
            case 95 -> "not supported (EOPNOTSUPP)";
            case 6 -> "no such device or address (ENXIO)";
            case 12 -> "out of memory (ENOMEM)";
            case 15 -> "not a block device (ENOTBLK)";
            case 17 -> "file exists (EEXIST)";
            case 20 -> "not a directory (ENOTDIR)";
            case 24 -> "too many open files (EMFILE)";
            case 30 -> "read-only file system (EROFS)";
            case 40 -> "too many levels of symbolic links (ELOOP)";
            default -> "errno " + e;
        };
    }
}
