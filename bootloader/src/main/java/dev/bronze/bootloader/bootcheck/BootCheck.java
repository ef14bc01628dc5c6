package dev.bronze.bootloader.bootcheck;

import dev.bronze.bootloader.ab.AbController;
import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.hardware.watchdog.Watchdog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What init calls on every boot. On a trial it arms the hardware watchdog and returns a
 * {@link Trial} that init feeds as it makes progress and confirms (or rejects) when the system is
 * up; a trial whose init hangs stops feeding and is reset, one that panics reboots by
 * {@code panic=}, and in both cases the bootloader's counter brings the known-good slot back.
 *
 * <p>The watchdog is fed only by explicit progress, never by a background thread: a thread would
 * keep feeding a hung init.
 */
public final class BootCheck {

    /** The outcome of one boot-check. */
    public sealed interface Outcome {
        /** The booted slot is already known-good: nothing to do. */
        record NotATrial(Optional<Slot> booted) implements Outcome {
        }

        record Confirmed(Slot slot, List<String> checks) implements Outcome {
        }

        record Rejected(Slot slot, String reason) implements Outcome {
        }
    }

    private final AbController ab;
    private final Watchdog watchdog;
    private final Duration watchdogTimeout;
    private final Clock clock;

    public BootCheck(AbController ab, Watchdog watchdog, Duration watchdogTimeout, Clock clock) {
        this.ab = ab;
        this.watchdog = watchdog;
        this.watchdogTimeout = watchdogTimeout;
        this.clock = clock;
    }

    /** A trial in progress: the watchdog is armed until {@link #confirm} or {@link #reject}. */
    public final class Trial {
        private final Slot slot;
        private final boolean armed;

        Trial(Slot slot, boolean armed) {
            this.slot = slot;
            this.armed = armed;
        }

        public Slot slot() {
            return slot;
        }

        public boolean watchdogArmed() {
            return armed;
        }

        /** Init made progress: feed the watchdog. */
        public void progress() throws IOException {
            if (armed) {
                watchdog.feed();
            }
        }

        public Outcome.Confirmed confirm(List<String> checks) throws IOException {
            ab.confirm();
            if (armed) {
                watchdog.disarm();
            }
            return new Outcome.Confirmed(slot, checks);
        }

        public Outcome.Rejected reject(String reason) throws IOException {
            ab.reject();
            if (armed) {
                watchdog.disarm();
            }
            return new Outcome.Rejected(slot, reason);
        }
    }

    /** Starts a boot: a {@link Trial} when the booted slot is on trial, else empty. */
    public Optional<Trial> begin() throws IOException {
        AbStatus s = ab.status();
        if (s.booted() == null || s.state().slot(s.booted()).state() != SlotState.TRIAL) {
            return Optional.empty();
        }
        boolean armed = false;
        if (watchdog.present()) {
            watchdog.arm(watchdogTimeout);
            armed = true;
        }
        return Optional.of(new Trial(s.booted(), armed));
    }

    /** The whole check in one call, as {@code bronze boot-check} runs it: begin, check, confirm or reject. */
    public Outcome run(List<HealthCheck> checks, Duration budget) throws IOException, InterruptedException {
        Optional<Trial> t = begin();
        if (t.isEmpty()) {
            return new Outcome.NotATrial(Optional.ofNullable(ab.status().booted()));
        }
        Trial trial = t.get();
        Instant deadline = clock.instant().plus(budget);
        List<String> passed = new ArrayList<>();
        for (HealthCheck c : checks) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return trial.reject("health checks ran out of time before " + c.name());
            }
            HealthCheck.Result r = c.run(left);
            trial.progress();
            if (!r.passed()) {
                return trial.reject("health check failed: " + c.name() + ": " + r.detail());
            }
            passed.add(c.name());
        }
        return trial.confirm(passed);
    }
}
