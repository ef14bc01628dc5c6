package dev.bronze.platform.volume;

import dev.bronze.hardware.BronzeException;

/** A volume exists but cannot be mounted or read. */
public final class VolumeException extends BronzeException {

    private static final long serialVersionUID = 1L;

    public VolumeException(String message) {
        super(message);
    }
}
