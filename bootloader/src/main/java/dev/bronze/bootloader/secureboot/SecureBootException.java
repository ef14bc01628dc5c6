package dev.bronze.bootloader.secureboot;

import java.io.IOException;

/** Malformed Secure Boot input (a signature list, a PE image, a PKCS#7 blob), with a one-line reason. */
public final class SecureBootException extends IOException {

    private static final long serialVersionUID = 1L;

    public SecureBootException(String message) {
        super(message);
    }

    public SecureBootException(String message, Throwable cause) {
        super(message, cause);
    }
}
