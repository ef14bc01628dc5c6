package dev.bronze.platform.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to keep trying: each attempt is bounded by {@code attemptTimeout}; between attempts
 * the wait grows as {@code initialBackoff · 2^n} up to {@code maxBackoff}, plus a random jitter in
 * [0, {@code jitter}) so that a fleet rebooting together does not hammer the service in step; and
 * everything ends at {@code deadline} after the first attempt. Bodies larger than
 * {@code maxBytes} are refused.
 */
public record RetryPolicy(Duration attemptTimeout, Duration deadline, Duration initialBackoff, Duration maxBackoff,
                          Duration jitter, long maxBytes) {

    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    public RetryPolicy {
        Objects.requireNonNull(attemptTimeout);
        Objects.requireNonNull(deadline);
        Objects.requireNonNull(initialBackoff);
        Objects.requireNonNull(maxBackoff);
        Objects.requireNonNull(jitter);
        if (attemptTimeout.isNegative() || attemptTimeout.isZero() || deadline.isNegative() || maxBytes <= 0) {
            throw new IllegalArgumentException("retry policy needs a positive attempt timeout, deadline and size cap");
        }
    }

    /**
     * Cloud metadata services: Talos's RetryFetch shape (units 1 s, jitter 1 s, exponential) with
     * a per-attempt bound of 10 s and a 3 min deadline (ConfigLoadAttemptTimeout), backoff capped
     * at 30 s so a late service is noticed quickly.
     */
    public static RetryPolicy cloud() {
        return new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(3), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(1), DEFAULT_MAX_BYTES);
    }

    /** Azure: IMDS is retried for 300 s (cloud-init), the wireserver for 5 min (Afterburn #459: p90 downtime 3 min). */
    public static RetryPolicy azure() {
        return cloud().withDeadline(Duration.ofMinutes(5));
    }

    /** talos.config=URL on metal: 3 min attempts inside a 3 h budget, as Talos. */
    public static RetryPolicy metal() {
        return new RetryPolicy(Duration.ofMinutes(3), Duration.ofHours(3), Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1), DEFAULT_MAX_BYTES);
    }

    public RetryPolicy withDeadline(Duration d) {
        return new RetryPolicy(attemptTimeout, d, initialBackoff, maxBackoff, jitter, maxBytes);
    }

    public RetryPolicy withAttemptTimeout(Duration d) {
        return new RetryPolicy(d, deadline, initialBackoff, maxBackoff, jitter, maxBytes);
    }

    public RetryPolicy withBackoff(Duration initial, Duration max, Duration j) {
        return new RetryPolicy(attemptTimeout, deadline, initial, max, j, maxBytes);
    }

    public RetryPolicy withMaxBytes(long cap) {
        return new RetryPolicy(attemptTimeout, deadline, initialBackoff, maxBackoff, jitter, cap);
    }

    /** The wait before attempt {@code n+1} (n ≥ 0), without jitter. */
    public Duration backoff(int n) {
        long initial = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        long d = n >= 40 ? max : Math.min(max, initial * (1L << n));
        return Duration.ofMillis(d);
    }
}
