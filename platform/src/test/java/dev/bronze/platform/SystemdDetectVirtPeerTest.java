package dev.bronze.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd-detect-virt (CPUID, DMI, device tree) as the peer on the real machine the tests run on.
 * The root handed to Bronze links this machine's {@code /sys} and {@code /proc} and its container
 * marker, but not {@code /dev}: the label probe must not read the machine's disks.
 */
class SystemdDetectVirtPeerTest {

    @TempDir
    Path tmp;

    @Test
    void sameHypervisorAndContainerAnswerAsSystemd() throws Exception {
        String vm = run("systemd-detect-virt", "--vm");
        String container = run("systemd-detect-virt", "--container");
        Files.createSymbolicLink(tmp.resolve("sys"), Path.of("/sys"));
        Files.createSymbolicLink(tmp.resolve("proc"), Path.of("/proc"));
        for (String marker : new String[] {".dockerenv", "run/.containerenv", "run/systemd/container"}) {
            Path m = Path.of("/").resolve(marker);
            if (Files.exists(m)) {
                Files.createDirectories(tmp.resolve(marker).getParent());
                Files.copy(m, tmp.resolve(marker));
            }
        }
        Detection d = Detector.detect(SysRoot.of(tmp));
        assertThat(d.hypervisor() == null ? "none" : d.hypervisor()).as("%s", d).isEqualTo(vm);
        if (container.equals("none")) {
            assertThat(d.mode()).as("%s", d).isNotEqualTo(Mode.CONTAINER);
        } else {
            assertThat(d.platform()).as("systemd says %s: %s", container, d).isEqualTo("container");
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
