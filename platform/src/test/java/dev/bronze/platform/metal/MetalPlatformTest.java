package dev.bronze.platform.metal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.Clue;
import dev.bronze.platform.Detection;
import dev.bronze.platform.Detector;
import dev.bronze.platform.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code talos.config=} as positive evidence for metal: it replaces the fallback and nothing else.
 * The fixture trees cover the common cases (QEMU, metal-iso, none, EC2, a cidata seed); these are
 * the edges.
 */
class MetalPlatformTest {

    @TempDir
    Path tmp;

    static final String URL = "http://10.0.2.2:8080/config.yaml";

    private Detection detect(String cmdline, Map<String, String> dmi, String... labels) throws IOException {
        Path root = Files.createTempDirectory(tmp, "root");
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cmdline"), cmdline + "\n");
        for (Map.Entry<String, String> f : dmi.entrySet()) {
            Path p = root.resolve("sys/class/dmi/id/" + f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue() + "\n");
        }
        for (String l : labels) {
            Path p = root.resolve("dev/disk/by-label/" + l);
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of("../../sr0"));
        }
        return Detector.detect(SysRoot.of(root));
    }

    @Test
    void talosConfigAloneIsADetectionOfMetalWithItsLine() throws IOException {
        Detection d = detect("console=ttyS0 talos.config=" + URL, Map.of());
        assertThat(d.platform()).isEqualTo("metal");
        assertThat(d.source()).isEqualTo(Source.DETECTED);
        assertThat(d.evidence().get(0)).isEqualTo(new Clue("cmdline:talos.config", URL, "metal"));
    }

    @Test
    void withoutAUsableValueMetalStaysTheFallback() throws IOException {
        for (String v : new String[] {"talos.config=", "talos.config=none", "talos.config=guestinfo", "talos.config", "talos.configx=" + URL}) {
            Detection d = detect("console=ttyS0 " + v, Map.of());
            assertThat(d.platform()).as(v).isEqualTo("metal");
            assertThat(d.source()).as(v).isEqualTo(Source.FALLBACK);
            assertThat(d.evidence()).as(v).noneMatch(c -> c.source().equals("cmdline:talos.config"));
        }
    }

    @Test
    void hintsThatAddUpToTheMinimumStillBeatIt() throws IOException {
        // A VMware serial (10) and an OVF environment disc (40) reach exactly the minimum: a tie
        // with talos.config=, which the cloud wins because metal is registered after it.
        Detection d = detect("talos.config=" + URL, Map.of("product_serial", "VMware-42 21 7c 1b 3d 2e 4f 5a-6b 7c 8d 9e 0f 1a 2b 3c"),
                "OVF ENV");
        assertThat(d.platform()).isEqualTo("vmware");
        assertThat(d.evidence()).contains(new Clue("cmdline:talos.config", URL, "metal"));
    }

    @Test
    void ignitionAndTalosConfigTogetherDoNotOutscoreACloudIdentity() throws IOException {
        Map<String, String> ec2 = Map.of("sys_vendor", "Amazon EC2", "chassis_asset_tag", "Amazon EC2");
        Detection d = detect("ignition.platform.id=metal talos.config=" + URL, ec2);
        assertThat(d.platform()).isEqualTo("aws");
        Detection metal = detect("ignition.platform.id=metal talos.config=" + URL, Map.of());
        assertThat(metal.platform()).isEqualTo("metal");
        assertThat(metal.evidence()).extracting(Clue::source)
                .startsWith("cmdline:ignition.platform.id", "cmdline:talos.config");
    }

    @Test
    void aForcedPlatformStillWins() throws IOException {
        Detection d = detect("talos.platform=openstack talos.config=" + URL, Map.of());
        assertThat(d.platform()).isEqualTo("openstack");
        assertThat(d.source()).isEqualTo(Source.CMDLINE);
    }

    @Test
    void aPasswordInTheUrlIsNotPrinted() {
        assertThat(MetalPlatform.redacted("https://user:s3cret@host.example/cfg?x=a@b")).isEqualTo("https://user:***@host.example/cfg?x=a@b");
        assertThat(MetalPlatform.redacted("https://user@host.example/cfg")).isEqualTo("https://user@host.example/cfg");
        assertThat(MetalPlatform.redacted("http://[fd00::1]:8080/c")).isEqualTo("http://[fd00::1]:8080/c");
        assertThat(MetalPlatform.redacted("http://host:8080/a@b")).isEqualTo("http://host:8080/a@b");
        assertThat(MetalPlatform.redacted("metal-iso")).isEqualTo("metal-iso");
    }
}
