package dev.bronze.hardware;

/**
 * The base of every module's exception: a message a user can act on, and the exit code the
 * command line turns it into. Modules subclass it (HardwareException, PlatformException, ...).
 */
public class BronzeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public BronzeException(String message) {
        this(ExitCode.FAILED, message, null);
    }

    public BronzeException(String message, Throwable cause) {
        this(ExitCode.FAILED, message, cause);
    }

    public BronzeException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public BronzeException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** A refusal for safety (exit 4): disk in use, ambiguous selector, booted slot, unsigned payload. */
    public static BronzeException refused(String message) {
        return new BronzeException(ExitCode.REFUSED, message);
    }
}
