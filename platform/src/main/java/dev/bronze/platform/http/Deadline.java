package dev.bronze.platform.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A point in time shared by the calls of one fetch (token, then user-data, then metadata keys). */
public record Deadline(Clock clock, Instant at) {

    public static Deadline after(Clock clock, Duration d) {
        return new Deadline(clock, clock.instant().plus(d));
    }

    public Duration remaining() {
        Duration r = Duration.between(clock.instant(), at);
        return r.isNegative() ? Duration.ZERO : r;
    }

    public boolean passed() {
        return remaining().isZero();
    }
}
