package dev.bronze.platform.decode;

import dev.bronze.hardware.BronzeException;

/** The payload is not what its encoding claims (bad base64, a corrupt or oversized archive). */
public final class DecodeException extends BronzeException {

    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }
}
