package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class MountInfoFuzzTest {

    /** mountinfo comes from the kernel, but a container runtime or a fixture can put anything there. */
    @FuzzTest(maxDuration = "30s")
    void neverThrowsAndKeepsNumbersSane(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        for (MountInfo.Mount m : MountInfo.parse(text)) {
            assertThat(m.major()).isNotNegative();
            assertThat(m.minor()).isNotNegative();
            assertThat(m.fsType()).isNotNull();
        }
    }
}
