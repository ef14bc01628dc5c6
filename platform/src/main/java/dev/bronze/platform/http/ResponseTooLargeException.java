package dev.bronze.platform.http;

import java.io.IOException;

/** The body exceeded the cap; hostile or broken, it is not retried. */
public final class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    public ResponseTooLargeException(long cap) {
        super("response larger than " + cap + " bytes");
    }
}
