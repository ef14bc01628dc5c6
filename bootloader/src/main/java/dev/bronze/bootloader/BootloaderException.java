package dev.bronze.bootloader;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;

/** Errors of the bootloader module: unreadable boot state, refused slot changes, bad META. */
public class BootloaderException extends BronzeException {

    private static final long serialVersionUID = 1L;

    public BootloaderException(String message) {
        super(message);
    }

    public BootloaderException(String message, Throwable cause) {
        super(message, cause);
    }

    public BootloaderException(ExitCode exitCode, String message) {
        super(exitCode, message);
    }
}
