package dev.bronze.drivers;

import dev.bronze.hardware.HardwareException;

/** Errors of the drivers manifest: unreadable module files, bad manifests. */
public final class DriversException extends HardwareException {

    private static final long serialVersionUID = 1L;

    public DriversException(String message) {
        super(message);
    }

    public DriversException(String message, Throwable cause) {
        super(message, cause);
    }
}
