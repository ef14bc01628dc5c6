package dev.bronze.platform;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Hostile firmware and command lines: gathering evidence from arbitrary bytes in every file it
 * reads, then deciding, ends in an answer or a {@link DetectionException}, never anything else.
 */
class DetectorFuzzTest {

    static final List<String> FILES = List.of("proc/cmdline", "proc/cpuinfo", "proc/1/environ",
            "sys/class/dmi/id/sys_vendor", "sys/class/dmi/id/product_name", "sys/class/dmi/id/product_serial",
            "sys/class/dmi/id/product_uuid", "sys/class/dmi/id/chassis_asset_tag", "sys/class/dmi/id/bios_version",
            "sys/hypervisor/uuid", "sys/hypervisor/type", "sys/devices/system/clocksource/clocksource0/current_clocksource",
            "sys/firmware/devicetree/base/model", "sys/firmware/devicetree/base/compatible",
            "sys/firmware/devicetree/base/system/linux,revision", "sys/firmware/dmi/entries/0-0/raw",
            "run/systemd/container", "dev/vda");

    static final Path ROOT = tree();

    private static Path tree() {
        try {
            Path r = Files.createTempDirectory("bronze-detect-fuzz");
            r.toFile().deleteOnExit();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void gatherAndDecideNeverThrow(FuzzedDataProvider data) throws IOException {
        for (String f : FILES) {
            Path p = ROOT.resolve(f);
            Files.createDirectories(p.getParent());
            if (data.consumeBoolean()) {
                Files.write(p, data.consumeBytes(data.consumeInt(0, 512)));
            } else {
                Files.deleteIfExists(p);
            }
        }
        Files.createDirectories(ROOT.resolve("sys/class/block/vda"));
        Files.writeString(ROOT.resolve("sys/class/block/vda/size"), Integer.toString(data.consumeInt(0, 1 << 20)));
        try {
            Detection d = Detector.detect(SysRoot.of(ROOT));
            if (d.platform() == null || d.mode() == null || d.source() == null || d.arch() == null) {
                throw new AssertionError("incomplete answer " + d);
            }
        } catch (DetectionException expected) {
            // An unknown forced platform: the one error detection may report.
        }
    }
}
