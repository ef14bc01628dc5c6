package dev.bronze.platform.sim;

import dev.bronze.platform.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when code sleeps (plus real time spent in I/O, which tests keep tiny). */
public final class FakeTime extends Clock implements Sleeper {

    private final AtomicLong offsetMillis = new AtomicLong();
    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private final long realStart = System.nanoTime();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
        offsetMillis.addAndGet(d.toMillis());
    }

    public List<Duration> sleeps() {
        return sleeps;
    }

    public Duration slept() {
        return Duration.ofMillis(sleeps.stream().mapToLong(Duration::toMillis).sum());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        long real = (System.nanoTime() - realStart) / 1_000_000;
        return start.plusMillis(offsetMillis.get() + real);
    }
}
