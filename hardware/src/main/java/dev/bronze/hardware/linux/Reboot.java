package dev.bronze.hardware.linux;

import dev.bronze.hardware.HardwareException;
import java.util.Optional;

/**
 * reboot(2). {@code LINUX_REBOOT_CMD_RESTART2} passes an argument to the firmware: the Raspberry
 * Pi firmware reads {@code "0 tryboot"} as "boot the tryboot configuration once".
 */
public final class Reboot {

    public static final int MAGIC1 = 0xfee1dead;
    public static final int MAGIC2 = 0x28121969;
    public static final int CMD_RESTART = 0x01234567;
    public static final int CMD_RESTART2 = 0xa1b2c3d4;

    /** The system call, so tests can stand a fake in for the kernel. */
    public interface Syscall {
        void sync();

        int reboot(int magic, int magic2, int cmd, String arg);

        /** The real one, through libc. */
        static Syscall libc() {
            return new Syscall() {
                @Override
                public void sync() {
                    LinuxLibc.load().sync();
                }

                @Override
                public int reboot(int magic, int magic2, int cmd, String arg) {
                    return (int) LinuxLibc.load().syscall(sysReboot(), magic, magic2, cmd, arg);
                }
            };
        }
    }

    /** SYS_reboot: 169 on x86-64, 142 on arm64 (asm-generic). */
    static long sysReboot() {
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            return 169;
        }
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return 142;
        }
        throw new HardwareException("reboot(2): no system call number known for " + arch);
    }

    private final Syscall syscall;

    public Reboot(Syscall syscall) {
        this.syscall = syscall;
    }

    /** Restarts now, with the firmware argument when one is given. Returns only on failure. */
    public void restart(Optional<String> firmwareArgument) {
        syscall.sync();
        int rc = firmwareArgument.isPresent()
                ? syscall.reboot(MAGIC1, MAGIC2, CMD_RESTART2, firmwareArgument.get())
                : syscall.reboot(MAGIC1, MAGIC2, CMD_RESTART, null);
        throw new HardwareException("reboot(2) failed (" + rc + "): " + Errno.last());
    }

    /** A restart into the Raspberry Pi firmware's tryboot configuration, once. */
    public void restartIntoTryboot() {
        restart(Optional.of("0 tryboot"));
    }
}
