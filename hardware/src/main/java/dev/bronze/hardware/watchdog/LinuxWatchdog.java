package dev.bronze.hardware.watchdog;

import com.sun.jna.ptr.IntByReference;
import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.linux.Errno;
import dev.bronze.hardware.linux.LinuxLibc;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

/** The Linux watchdog API ({@code Documentation/watchdog/watchdog-api.rst}). */
public final class LinuxWatchdog implements Watchdog {

    /** _IOWR('W', 6, int) and _IOWR('W', 7, int): set and get the timeout in seconds. */
    static final long WDIOC_SETTIMEOUT = 0xc0045706L;
    static final long WDIOC_GETTIMEOUT = 0x80045707L;

    private final SysRoot root;
    private final String device;
    private int fd = -1;

    public LinuxWatchdog(SysRoot root, String device) {
        this.root = root;
        this.device = device;
    }

    public static LinuxWatchdog standard(SysRoot root) {
        return new LinuxWatchdog(root, "dev/watchdog");
    }

    @Override
    public boolean present() {
        return Files.exists(root.path(device));
    }

    @Override
    public Duration arm(Duration timeout) throws IOException {
        LinuxLibc c = LinuxLibc.load();
        if (fd < 0) {
            fd = c.open(root.path(device).toString(), LinuxLibc.O_WRONLY | LinuxLibc.O_CLOEXEC);
            if (fd < 0) {
                throw new HardwareException("cannot open the watchdog " + root.path(device) + ": " + Errno.last());
            }
        }
        IntByReference t = new IntByReference((int) Math.max(1, timeout.toSeconds()));
        if (c.ioctl(fd, WDIOC_SETTIMEOUT, t) != 0) {
            // Some drivers have a fixed timeout: keep theirs and say what it is.
            IntByReference got = new IntByReference();
            c.ioctl(fd, WDIOC_GETTIMEOUT, got);
            return Duration.ofSeconds(got.getValue());
        }
        return Duration.ofSeconds(t.getValue());
    }

    @Override
    public void feed() throws IOException {
        if (fd < 0) {
            throw new IllegalStateException("watchdog not armed");
        }
        if (LinuxLibc.load().write(fd, new byte[] {'1'}, 1) != 1) {
            throw new HardwareException("feeding the watchdog failed: " + Errno.last());
        }
    }

    @Override
    public void disarm() throws IOException {
        if (fd < 0) {
            return;
        }
        LinuxLibc c = LinuxLibc.load();
        c.write(fd, new byte[] {'V'}, 1);
        c.close(fd);
        fd = -1;
    }

    @Override
    public void close() throws IOException {
        // Closing without the magic character leaves the watchdog running: that is deliberate
        // when a trial has not been confirmed. disarm() is the explicit way out.
        if (fd >= 0) {
            LinuxLibc.load().close(fd);
            fd = -1;
        }
    }
}
