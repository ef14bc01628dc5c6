package dev.bronze.hardware.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.testing.qemu.GuestLine;
import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness must never call a broken guest a pass: a failed check fails the run, and a guest
 * that panics (with -no-reboot, as the boot tests use to make each boot one QEMU run) ends
 * without BRONZE-DONE, which is its own verdict.
 */
@Tag("qemu")
class GuestVerdictQemuTest {

    @Test
    void aFailedCheckFailsTheRunAndSaysWhy(@TempDir Path dir) throws IOException {
        HostTools.require("qemu-system-x86_64", "busybox", "cpio", "depmod");
        GuestRun run = QemuGuest.builder(dir)
                .check("""
                        bronze_check truth true
                        bronze_check missing-file test -e /no/such/file
                        bronze_expect answer 42 "$((6 * 7))"
                        bronze_result note="two words" empty=
                        exit 7
                        """)
                .timeout(Duration.ofMinutes(5))
                .run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.failedChecks()).extracting(GuestLine.Check::name)
                .containsExactly("missing-file", "check-script");
        assertThat(run.check("check-script")).get().extracting(GuestLine.Check::detail).isEqualTo("exit status 7");
        assertThat(run.check("answer")).get().extracting(GuestLine.Check::passed).isEqualTo(true);
        assertThat(run.results()).containsEntry("note", "two words").containsEntry("empty", "");
        assertThat(run.done()).get().extracting(GuestLine.Done::passed).isEqualTo(false);
        assertThat(run.summary()).contains("status=fail");
    }

    @Test
    void aPanicWithNoRebootEndsTheRunWithoutDone(@TempDir Path dir) throws IOException {
        HostTools.require("qemu-system-x86_64", "busybox", "cpio", "depmod");
        GuestRun run = QemuGuest.builder(dir)
                .noReboot()
                .check("""
                        bronze_log "panicking on purpose"
                        echo 1 > /proc/sys/kernel/sysrq
                        echo c > /proc/sysrq-trigger
                        sleep 60
                        """)
                .timeout(Duration.ofMinutes(5))
                .run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.boots()).hasSize(1);
        assertThat(run.done()).isEmpty();
        assertThat(run.summary()).contains("status=no-done");
        // QEMU ended by itself at the panic (panic=1, -no-reboot), well before the timeout.
        assertThat(run.elapsed()).isLessThan(Duration.ofMinutes(4));
    }
}
