package dev.bronze.hardware.smbios;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.testing.Fixtures;
import java.nio.file.Files;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile bytes: whatever the table holds, decoding returns structures and problems, never throws. */
class SmbiosRobustnessTest {

    @FuzzTest(maxDuration = "30s")
    void anyDumpDecodesWithoutThrowing(byte[] data) {
        check(data);
    }

    static IntStream mutations() {
        return IntStream.range(0, 100);
    }

    /** Bit flips, truncations and splices of a real dump, seeded so failures reproduce. */
    @ParameterizedTest(name = "mutation {0}")
    @MethodSource("mutations")
    void mutatedRealDumpsDecodeWithoutThrowing(int seed) throws Exception {
        byte[] base = Files.readAllBytes(Fixtures.sharedFixture(
                "hardware/smbios-binary/" + (seed % 2 == 0 ? "MINISFORUM-UM790PRO.dump-bin" : "Beelink-EQ12.dump-bin")));
        Random r = new Random(seed);
        byte[] b = base.clone();
        int flips = 1 + r.nextInt(64);
        for (int i = 0; i < flips; i++) {
            // Bias towards the entry point and headers, where the interesting lengths live.
            int pos = r.nextInt(4) == 0 ? r.nextInt(0x40) : r.nextInt(b.length);
            b[pos] = (byte) r.nextInt(256);
        }
        if (r.nextBoolean()) {
            b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
        }
        check(b);
    }

    private static void check(byte[] data) {
        SmbiosTable t = SmbiosParser.parseDump(data, "fuzz");
        for (DecodedStructure d : t.decoded()) {
            assertThat(d.fields()).isNotNull();
        }
        t.bios();
        t.system();
        t.memoryDevices();
        t.processors();
        t.oemStrings();
        SmbiosParser.parseRaw(data, new SmbiosVersion(2, 4, 0), "fuzz-raw").decoded();
        assertThat(t.problems()).isNotNull();
    }
}
