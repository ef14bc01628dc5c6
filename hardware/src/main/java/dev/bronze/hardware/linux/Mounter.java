package dev.bronze.hardware.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import dev.bronze.hardware.HardwareException;
import java.nio.file.Path;

/**
 * mount(2) and umount2(2), behind an interface so that the code deciding what to mount runs on
 * fixture trees with a fake standing in for the kernel.
 */
public interface Mounter {

    long MS_RDONLY = 1;
    long MS_NOSUID = 2;
    long MS_NODEV = 4;
    long MS_NOEXEC = 8;
    /** Directory changes (create, rename, unlink) are written synchronously. */
    long MS_DIRSYNC = 128;
    long MS_BIND = 4096;
    long MS_PRIVATE = 1L << 18;
    long MS_SHARED = 1L << 20;
    int MNT_DETACH = 2;
    int EBUSY = 16;

    /** A failed call: the message names the call, the device, the mount point and errno. */
    final class MountException extends HardwareException {
        private static final long serialVersionUID = 1L;
        private final int errno;

        public MountException(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }
    }

    /** mount(2). */
    void mount(String source, Path target, String fsType, long flags, String data);

    /** umount2(2). */
    void umount(Path target, int flags);

    /** The kernel, through libc. */
    static Mounter libc() {
        return new Mounter() {
            @Override
            public void mount(String source, Path target, String fsType, long flags, String data) {
                if (LinuxLibc.load().mount(source, target.toString(), fsType, new NativeLong(flags), data) != 0) {
                    int e = Native.getLastError();
                    throw new MountException("mount " + (source == null ? "" : source + " ") + "on " + target
                            + (fsType == null ? "" : " (" + fsType + ")") + " failed: " + Errno.describe(e), e);
                }
            }

            @Override
            public void umount(Path target, int flags) {
                if (LinuxLibc.load().umount2(target.toString(), flags) != 0) {
                    int e = Native.getLastError();
                    throw new MountException("umount " + target + " failed: " + Errno.describe(e), e);
                }
            }
        };
    }
}
