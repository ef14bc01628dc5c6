package dev.bronze.hardware.disk.select;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.disk.discovery.Disk;
import dev.bronze.hardware.disk.discovery.Disks;
import dev.bronze.testing.Fixtures;
import java.util.List;

class DiskSelectorFuzzTest {

    private static List<Disk> disks;

    /**
     * Any string either parses, or fails with a usage error (exit 2) that names a clause; a parsed
     * selector then evaluates every fixture disk and selects or refuses with a BronzeException.
     */
    @FuzzTest(maxDuration = "60s")
    void parseAndSelectNeverCrash(FuzzedDataProvider data) {
        if (disks == null) {
            disks = Disks.discover(SysRoot.of(Fixtures.vector("disks/workstation")));
        }
        String expr = data.consumeRemainingAsString();
        DiskSelector s;
        try {
            s = DiskSelector.parse(expr);
        } catch (BronzeException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).startsWith("disk selector");
            return;
        }
        assertThat(s.evaluate(disks)).hasSameSizeAs(disks);
        try {
            Disk d = s.select(disks);
            assertThat(d.installable()).isTrue();
        } catch (BronzeException e) {
            assertThat(e.exitCode()).isIn(ExitCode.REFUSED, ExitCode.FAILED);
        }
    }
}
