package dev.bronze.hardware.disk.mbr;

import dev.bronze.hardware.HardwareException;

/** A DOS partition table that cannot be read or written, with the reason in words. */
public final class MbrException extends HardwareException {

    private static final long serialVersionUID = 1L;

    public MbrException(String message) {
        super(message);
    }
}
