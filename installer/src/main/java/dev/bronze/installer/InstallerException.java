package dev.bronze.installer;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;

/** Errors of install, upgrade, confirm, reject and rollback. */
public class InstallerException extends BronzeException {

    private static final long serialVersionUID = 1L;

    public InstallerException(String message) {
        super(message);
    }

    public InstallerException(ExitCode code, String message) {
        super(code, message);
    }

    public InstallerException(String message, Throwable cause) {
        super(message, cause);
    }
}
