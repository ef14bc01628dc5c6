package dev.bronze.hardware.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.testing.qemu.GuestLine;
import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The i6300esb watchdog resets a guest that stops feeding it, and the next boot knows it: the
 * mechanism the boot-safety work relies on to bring a hung trial back. The boot count is kept on
 * a raw disk, as a real system keeps its boot state on disk, since RAM does not survive a reset.
 */
@Tag("qemu")
class WatchdogQemuTest {

    private static final String CHECK = """
            state=$(dd if=/dev/vda bs=6 count=1 2>/dev/null)
            if [ "$state" = "BOOT-1" ]; then
              printf 'BOOT-2' | dd of=/dev/vda conv=notrunc 2>/dev/null; sync
              bronze_pass watchdog.reset "booted again after the watchdog fired"
              bronze_result boot=2
            else
              printf 'BOOT-1' | dd of=/dev/vda conv=notrunc 2>/dev/null; sync
              bronze_result boot=1
              bronze_check watchdog.device bronze_wait_for /dev/watchdog 10
              # Arm with a 2 s timeout, feed once, then never again (next feed in an hour).
              watchdog -T 2 -t 3600 /dev/watchdog
              bronze_log "watchdog armed; waiting to be reset"
              sleep 120
              bronze_fail watchdog.reset "still running 120 s after the watchdog was left unfed"
            fi
            """;

    @Test
    void anUnfedWatchdogResetsTheGuestWhichBootsAgain(@TempDir Path dir) throws IOException {
        HostTools.require("qemu-system-x86_64", "busybox", "cpio", "depmod");
        Path state = dir.resolve("state.img");
        Files.write(state, new byte[1 << 20]);

        GuestRun run = QemuGuest.builder(dir.resolve("guest"))
                .disk(state)
                .watchdog()
                .expectBoots(2)
                .check(CHECK)
                .timeout(Duration.ofMinutes(6))
                .run();

        assertThat(run.passed()).as(run.describe()).isTrue();
        assertThat(run.boots()).hasSize(2);
        // Two kernels, two boot ids: a reset, not one boot printing twice.
        assertThat(run.boots()).extracting(b -> b.field("boot_id").orElse("")).doesNotHaveDuplicates();
        assertThat(run.check("watchdog.reset")).get().extracting(GuestLine.Check::passed).isEqualTo(true);
        assertThat(run.results()).containsEntry("boot", "2");
        // Only the second boot reported done: the first one ended in the reset.
        assertThat(run.lines().stream().filter(GuestLine.Done.class::isInstance)).hasSize(1);
        byte[] head = Arrays.copyOf(Files.readAllBytes(state), 6);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("BOOT-2");
    }
}
