package dev.bronze.bootloader.efi;

import com.sun.jna.ptr.IntByReference;
import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.linux.Errno;
import dev.bronze.hardware.linux.LinuxLibc;
import java.nio.file.Path;

/** FS_IMMUTABLE_FL through FS_IOC_GETFLAGS/SETFLAGS, as chattr -i / +i do (the kernel reads an int). */
public final class LinuxImmutableFlag implements EfiVariables.ImmutableFlag {

    static final long FS_IOC_GETFLAGS = 0x80086601L;
    static final long FS_IOC_SETFLAGS = 0x40086602L;
    static final int FS_IMMUTABLE_FL = 0x10;

    @Override
    public boolean clear(Path file) {
        return change(file, false);
    }

    @Override
    public void set(Path file) {
        change(file, true);
    }

    private static boolean change(Path file, boolean immutable) {
        LinuxLibc c = LinuxLibc.load();
        int fd = c.open(file.toString(), LinuxLibc.O_RDONLY | LinuxLibc.O_CLOEXEC);
        if (fd < 0) {
            throw new BootloaderException("cannot open " + file + ": " + Errno.last());
        }
        try {
            IntByReference flags = new IntByReference();
            if (c.ioctl(fd, FS_IOC_GETFLAGS, flags) != 0) {
                return false;
            }
            boolean was = (flags.getValue() & FS_IMMUTABLE_FL) != 0;
            if (was != immutable) {
                flags.setValue(immutable ? flags.getValue() | FS_IMMUTABLE_FL : flags.getValue() & ~FS_IMMUTABLE_FL);
                if (c.ioctl(fd, FS_IOC_SETFLAGS, flags) != 0) {
                    throw new BootloaderException("cannot change the immutable flag of " + file + ": " + Errno.last());
                }
            }
            return was;
        } finally {
            c.close(fd);
        }
    }
}
