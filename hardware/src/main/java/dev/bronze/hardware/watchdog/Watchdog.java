package dev.bronze.hardware.watchdog;

import java.io.IOException;
import java.time.Duration;

/**
 * A hardware watchdog ({@code /dev/watchdog}): once armed it resets the machine unless fed within
 * its timeout. {@code boot-check} arms it during a trial boot and feeds it only until the boot is
 * confirmed, so an init that hangs is reset and the bootloader's counter takes over.
 */
public interface Watchdog extends AutoCloseable {

    /** Opens the device (which arms it) and sets the timeout; returns the timeout the driver took. */
    Duration arm(Duration timeout) throws IOException;

    void feed() throws IOException;

    /** Magic close: disarms a driver that allows it (nowayout off). */
    void disarm() throws IOException;

    /** Whether a watchdog device exists at all. */
    boolean present();

    @Override
    void close() throws IOException;
}
