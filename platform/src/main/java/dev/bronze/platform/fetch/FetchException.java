package dev.bronze.platform.fetch;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;

/** A user-data or metadata fetch that cannot succeed; the message names the source and the cause. */
public final class FetchException extends BronzeException {

    private static final long serialVersionUID = 1L;

    public FetchException(String message) {
        super(ExitCode.FAILED, message);
    }

    public FetchException(String message, Throwable cause) {
        super(ExitCode.FAILED, message, cause);
    }
}
