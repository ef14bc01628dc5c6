package dev.bronze.hardware.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.testing.qemu.GuestLine;
import dev.bronze.testing.qemu.GuestProtocol;
import java.util.List;

/** The serial log is whatever a (possibly broken) guest wrote: parsing it must never throw. */
class GuestProtocolFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parsesAnyConsoleBytes(byte[] data) {
        List<GuestLine> lines = GuestProtocol.parse(data);
        assertThat(lines.size()).isLessThanOrEqualTo(10_000);
        for (GuestLine l : lines) {
            if (l instanceof GuestLine.Check c) {
                assertThat(c.name()).isNotEmpty().doesNotContain(" ");
            }
        }
    }
}
