package dev.bronze.hardware.fs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

class LabelProbeFuzzTest {

    /** Any bytes: a clear "no filesystem" or a volume, never an exception, in bounded time. */
    @FuzzTest(maxDuration = "30s")
    void superblockProbeNeverThrows(byte[] data) {
        Optional<Volume> v = LabelProbe.probe(data, "fuzz0");
        v.ifPresent(vol -> {
            if (vol.fsType() == null || vol.device() == null) {
                throw new AssertionError("a probed volume always has a type and a device: " + vol);
            }
        });
    }
}
