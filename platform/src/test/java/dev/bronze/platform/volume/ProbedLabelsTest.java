package dev.bronze.platform.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without udev, a cidata volume is found by reading its superblock, as early boot must. */
class ProbedLabelsTest {

    @TempDir
    Path dir;

    @Test
    void findsAVolumeByItsSuperblockWithoutUdev() throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.createDirectories(dir.resolve("sys/class/block/vdb"));
        Files.writeString(dir.resolve("sys/class/block/vdb/size"), "20480\n");
        Path img = dev.resolve("vdb");
        Process p = new ProcessBuilder("mkfs.vfat", "-C", "-n", "cidata", img.toString(), "10240").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        ProbedLabels labels = new ProbedLabels(SysRoot.of(dir));
        assertThat(labels.device("cidata")).contains("dev/vdb");
        assertThat(labels.device("config-2")).isEmpty();
    }
}
