package dev.bronze.platform.http;

import java.io.IOException;
import java.time.Duration;

/**
 * Sends one request and returns the whole response, reading at most {@code maxBytes} of body and
 * taking at most {@code timeout} from connect to the last byte. An I/O problem (refused, reset,
 * timed out, truncated) is an {@link IOException}; any HTTP status is a {@link Response}.
 */
public interface Transport {

    Response exchange(Request request, Duration timeout, long maxBytes) throws IOException, InterruptedException;
}
