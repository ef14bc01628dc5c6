package dev.bronze.hardware;

/** Errors of the hardware module: bad tables, unusable devices, failed native calls. */
public class HardwareException extends BronzeException {

    private static final long serialVersionUID = 1L;

    public HardwareException(String message) {
        super(message);
    }

    public HardwareException(String message, Throwable cause) {
        super(message, cause);
    }

    public HardwareException(ExitCode exitCode, String message) {
        super(exitCode, message);
    }
}
