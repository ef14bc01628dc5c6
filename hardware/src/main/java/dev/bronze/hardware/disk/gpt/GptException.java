package dev.bronze.hardware.disk.gpt;

import dev.bronze.hardware.HardwareException;

/** A GUID partition table that cannot be read or written, with the reason in words. */
public final class GptException extends HardwareException {

    private static final long serialVersionUID = 1L;

    public GptException(String message) {
        super(message);
    }

    public GptException(String message, Throwable cause) {
        super(message, cause);
    }
}
