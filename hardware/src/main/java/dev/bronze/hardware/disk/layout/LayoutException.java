package dev.bronze.hardware.disk.layout;

import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;

/** A layout that is invalid or does not fit its disk, said so that the user can fix it. */
public final class LayoutException extends HardwareException {

    private static final long serialVersionUID = 1L;

    public LayoutException(String message) {
        super(message);
    }

    public LayoutException(ExitCode code, String message) {
        super(code, message);
    }
}
