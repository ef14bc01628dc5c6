package dev.bronze.hardware.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The few libc calls Bronze makes directly (JNA direct-mapped through an interface): what the
 * JDK cannot do — ioctls on devices, reboot(2) with an argument, flock on a block device.
 * Loaded lazily: nothing on the detect path touches native code.
 */
public interface LinuxLibc extends Library {

    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_RDWR = 2;
    int O_CLOEXEC = 0x80000;

    int open(String path, int flags);

    int close(int fd);

    long write(int fd, byte[] buf, long count);

    int ioctl(int fd, long request, IntByReference arg);

    int ioctl(int fd, long request, Pointer arg);

    int fsync(int fd);

    void sync();

    /**
     * The raw system call: glibc's own {@code reboot(int)} takes only the command and supplies the
     * magic numbers itself, so the four-argument form (RESTART2's firmware argument) needs
     * {@code syscall(SYS_reboot, …)}. Declared with fixed arguments: glibc's syscall() only moves
     * registers, which is the same for a variadic call on x86-64 and arm64 Linux.
     */
    long syscall(long number, int magic, int magic2, int cmd, String arg);

    /** mount(2); {@code flags} is the kernel's {@code unsigned long}, passed as a C long on LP64. */
    int mount(String source, String target, String fsType, com.sun.jna.NativeLong flags, String data);

    /** umount2(2). */
    int umount2(String target, int flags);

    /** The loaded library; errno is kept for {@link Native#getLastError()}. */
    static LinuxLibc load() {
        return Holder.INSTANCE;
    }

    /** Lazy holder: loading happens on first use only. */
    final class Holder {
        static final LinuxLibc INSTANCE = Native.load("c", LinuxLibc.class,
                java.util.Map.of(Library.OPTION_ALLOW_OBJECTS, Boolean.TRUE));

        private Holder() {
        }
    }
}
