package dev.bronze.platform.http;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The one HTTP layer of every metadata client: attempts bounded in time, exponential backoff with
 * jitter, {@code Retry-After} honoured on 429 and 503, an overall {@link Deadline}, a body cap, and
 * a per-endpoint {@link StatusTable} deciding what each status means.
 *
 * <p>Bodies are never logged or put in messages: user-data carries secrets.
 */
public final class MetadataHttp {

    /** Less time than this left is no attempt at all, only a misleading timeout. */
    private static final long MIN_ATTEMPT_MILLIS = 20;

    private final Transport transport;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final RetryPolicy policy;

    public MetadataHttp(Transport transport, Clock clock, Sleeper sleeper, RandomGenerator random, RetryPolicy policy) {
        this.transport = Objects.requireNonNull(transport);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.random = Objects.requireNonNull(random);
        this.policy = Objects.requireNonNull(policy);
    }

    public RetryPolicy policy() {
        return policy;
    }

    public Clock clock() {
        return clock;
    }

    public MetadataHttp with(RetryPolicy p) {
        return new MetadataHttp(transport, clock, sleeper, random, p);
    }

    /** A deadline of this policy, starting now. */
    public Deadline deadline() {
        return Deadline.after(clock, policy.deadline());
    }

    public HttpResult call(Request request, StatusTable table) {
        return call(request, table, deadline());
    }

    /** Tries {@code request} until the table says OK/ABSENT/FATAL/a token signal, or the deadline passes. */
    public HttpResult call(Request request, StatusTable table, Deadline deadline) {
        String last = "the deadline had passed before the first attempt";
        for (int attempt = 0; ; attempt++) {
            Duration left = deadline.remaining();
            if (left.toMillis() < MIN_ATTEMPT_MILLIS) {
                return new HttpResult.Failed(request.where() + ": " + last + " (gave up after " + attempt
                        + " attempt" + (attempt == 1 ? "" : "s") + ", deadline " + human(policy.deadline()) + ")", false);
            }
            Duration timeout = min(policy.attemptTimeout(), left);
            Duration retryAfter = null;
            try {
                Response r = transport.exchange(request, timeout, policy.maxBytes());
                StatusTable.Row row = table.row(r.status());
                switch (row.verdict()) {
                    case OK -> {
                        String mismatch = mediaMismatch(request.accept(), r);
                        if (mismatch == null) {
                            return new HttpResult.Ok(r);
                        }
                        last = mismatch;
                    }
                    case ABSENT -> {
                        return new HttpResult.Absent(r.status(), request.where() + " answered " + r.status());
                    }
                    case FATAL -> {
                        return new HttpResult.Failed(request.where() + " answered " + r.status()
                                + (row.note().isEmpty() ? "" : ": " + row.note()), true);
                    }
                    case REFRESH_TOKEN, FALLBACK -> {
                        return new HttpResult.Signal(row.verdict(), r);
                    }
                    case RETRY -> {
                        last = "HTTP " + r.status();
                        if (r.status() == 429 || r.status() == 503) {
                            retryAfter = r.header("Retry-After").map(v -> retryAfter(v, clock)).orElse(null);
                        }
                    }
                }
            } catch (ResponseTooLargeException e) {
                return new HttpResult.Failed(request.where() + ": " + e.getMessage() + " (refused; the cap is "
                        + policy.maxBytes() + " bytes)", true);
            } catch (HttpTimeoutException e) {
                // An attempt cut short by the deadline says less than the cause before it.
                if (attempt == 0 || timeout.compareTo(policy.attemptTimeout()) >= 0) {
                    last = "timed out after " + human(timeout);
                }
            } catch (IOException e) {
                last = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new HttpResult.Failed(request.where() + ": interrupted", true);
            }
            Duration wait = policy.backoff(attempt);
            long j = policy.jitter().toMillis();
            if (j > 0) {
                wait = wait.plusMillis(random.nextLong(j));
            }
            if (retryAfter != null) {
                if (retryAfter.compareTo(deadline.remaining()) > 0) {
                    return new HttpResult.Failed(request.where() + ": " + last + " with Retry-After "
                            + human(retryAfter) + ", beyond the deadline", false);
                }
                // The server said when: waiting less only earns another 429.
                wait = retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
            }
            Duration remaining = deadline.remaining();
            if (wait.compareTo(remaining) > 0) {
                wait = remaining;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new HttpResult.Failed(request.where() + ": interrupted", true);
            }
        }
    }

    private static String mediaMismatch(String accept, Response r) {
        if (accept.isEmpty()) {
            return null;
        }
        String got = r.mediaType();
        for (String a : accept.split(",")) {
            String want = a.strip().toLowerCase(Locale.ROOT);
            if (!want.isEmpty() && (got.isEmpty() || got.startsWith(want))) {
                return null;
            }
        }
        return "unexpected content type " + (got.isEmpty() ? "(none)" : got) + ", wanted " + accept;
    }

    /** Delay-seconds or an HTTP-date (RFC 9110 §10.2.3); unparseable values are ignored. */
    static Duration retryAfter(String value, Clock clock) {
        String v = value.strip();
        try {
            long s = Long.parseLong(v);
            return s < 0 ? null : Duration.ofSeconds(Math.min(s, 86_400L * 365));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime t = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), t.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connection refused" + (m == null ? "" : " (" + m + ")");
        }
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.length() > 200 ? m.substring(0, 200) : m;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
