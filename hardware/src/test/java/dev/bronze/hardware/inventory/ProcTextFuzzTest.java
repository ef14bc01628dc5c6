package dev.bronze.hardware.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** /proc/cpuinfo and /proc/meminfo are outside text: any bytes give an answer, never an exception. */
class ProcTextFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void anyProcTextIsHandled(byte[] data) throws IOException {
        String text = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        CpuInfoText info = CpuInfoText.parse(text);
        assertThat(info.processors()).isNotNull();
        assertThat(MemoryReader.memTotal(text)).isGreaterThanOrEqualTo(Long.MIN_VALUE);
        Path root = Files.createTempDirectory("bronze-fuzz");
        try {
            Files.createDirectories(root.resolve("proc"));
            Files.write(root.resolve("proc/cpuinfo"), data);
            Files.write(root.resolve("proc/meminfo"), data);
            Inventory inv = new InventoryCollector(SysRoot.of(root)).collect();
            assertThat(inv.cpus().threads()).isGreaterThanOrEqualTo(0);
        } finally {
            try (var s = Files.walk(root)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
