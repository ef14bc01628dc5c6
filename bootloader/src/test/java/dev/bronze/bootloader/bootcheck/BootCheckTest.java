package dev.bronze.bootloader.bootcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.ab.AbController;
import dev.bronze.bootloader.ab.Payloads;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.esp.DirectoryEsp;
import dev.bronze.bootloader.grub.GrubBackend;
import dev.bronze.hardware.watchdog.Watchdog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootCheckTest {

    /** Records what the watchdog was asked to do. */
    static final class FakeWatchdog implements Watchdog {
        final List<String> calls = new ArrayList<>();

        @Override
        public Duration arm(Duration timeout) {
            calls.add("arm " + timeout.toSeconds());
            return timeout;
        }

        @Override
        public void feed() {
            calls.add("feed");
        }

        @Override
        public void disarm() {
            calls.add("disarm");
        }

        @Override
        public boolean present() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @TempDir
    Path dir;

    DirectoryEsp esp;
    FakeWatchdog wd = new FakeWatchdog();

    @BeforeEach
    void trial() throws Exception {
        esp = new DirectoryEsp(Files.createDirectories(dir.resolve("esp")));
        ab(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "");
        ab(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "", 3);
    }

    AbController ab(Optional<Slot> booted) {
        return new AbController(new GrubBackend(esp, "grub", Optional.empty(), 0), booted);
    }

    BootCheck check(Optional<Slot> booted) {
        return new BootCheck(ab(booted), wd, Duration.ofSeconds(60), Clock.systemUTC());
    }

    @Test
    void aTrialThatPassesIsConfirmedAndTheWatchdogDisarmed() throws Exception {
        BootCheck.Outcome o = check(Optional.of(Slot.B)).run(List.of(new CommandCheck(List.of("true"))), Duration.ofSeconds(30));
        assertThat(o).isInstanceOf(BootCheck.Outcome.Confirmed.class);
        assertThat(wd.calls).containsExactly("arm 60", "feed", "disarm");
        assertThat(ab(Optional.empty()).status().state().slot(Slot.B).state()).isEqualTo(SlotState.GOOD);
    }

    @Test
    void aFailingCheckRejectsTheTrial() throws Exception {
        BootCheck.Outcome o = check(Optional.of(Slot.B)).run(List.of(new CommandCheck(List.of("false"))), Duration.ofSeconds(30));
        assertThat(o).isInstanceOfSatisfying(BootCheck.Outcome.Rejected.class, r -> assertThat(r.reason()).contains("exit 1"));
        assertThat(ab(Optional.empty()).status().state().slot(Slot.B).state()).isEqualTo(SlotState.BAD);
        assertThat(ab(Optional.empty()).status().next()).isEqualTo(Slot.A);
    }

    @Test
    void aKnownGoodBootArmsNothing() throws Exception {
        assertThat(check(Optional.of(Slot.A)).run(List.of(), Duration.ofSeconds(1))).isInstanceOf(BootCheck.Outcome.NotATrial.class);
        assertThat(wd.calls).isEmpty();
    }

    @Test
    void anInitThatNeverConfirmsLeavesTheWatchdogArmedAndUnfed() throws Exception {
        BootCheck.Trial t = check(Optional.of(Slot.B)).begin().orElseThrow();
        assertThat(t.watchdogArmed()).isTrue();
        assertThat(wd.calls).containsExactly("arm 60");
    }
}
