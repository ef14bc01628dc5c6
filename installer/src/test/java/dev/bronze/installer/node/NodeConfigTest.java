package dev.bronze.installer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.SysRoot;
import dev.bronze.installer.InstallerException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsWatchdogAndUpgradeLines() {
        NodeConfig c = NodeConfig.parse("""
                # per-boot instructions
                watchdog.timeout=30s

                upgrade.kernel = http://169.254.169.254/v2/vmlinuz
                upgrade.initrd=http://169.254.169.254/v2/initrd
                upgrade.version=2
                upgrade.tries=2
                """);
        assertThat(c.watchdogTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.upgrade()).contains(new NodeConfig.Upgrade(URI.create("http://169.254.169.254/v2/vmlinuz"),
                URI.create("http://169.254.169.254/v2/initrd"), "2", 2));
    }

    @Test
    void defaultsWithoutFwCfgAndTriesDefaultToThree() throws IOException {
        assertThat(NodeConfig.read(SysRoot.of(dir))).isEqualTo(NodeConfig.defaults());
        assertThat(NodeConfig.parse("watchdog.timeout=2m\r\n").watchdogTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(NodeConfig.parse("upgrade.kernel=http://h/k\nupgrade.initrd=https://h/i\nupgrade.version=3\n")
                .upgrade().map(NodeConfig.Upgrade::tries)).isEqualTo(Optional.of(3));
        Path f = dir.resolve(NodeConfig.FW_CFG);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "watchdog.timeout=7s\n");
        assertThat(NodeConfig.read(SysRoot.of(dir)).watchdogTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void mistakesAreNamedWithTheirLine() {
        assertThatThrownBy(() -> NodeConfig.parse("watchdog.timeout=30s\nwatchdog.timout=30s\n"))
                .isInstanceOf(InstallerException.class).hasMessageContaining("line 2").hasMessageContaining("unknown key 'watchdog.timout'");
        assertThatThrownBy(() -> NodeConfig.parse("watchdog.timeout=30s\nwatchdog.timeout=40s\n")).hasMessageContaining("twice");
        assertThatThrownBy(() -> NodeConfig.parse("watchdog.timeout=soon")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> NodeConfig.parse("watchdog.timeout=0s")).hasMessageContaining("between 1s and 1h");
        assertThatThrownBy(() -> NodeConfig.parse("just words")).hasMessageContaining("not key=value");
        assertThatThrownBy(() -> NodeConfig.parse("upgrade.kernel=file:///etc/shadow\n")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> NodeConfig.parse("upgrade.kernel=http://h/k\nupgrade.version=2\n"))
                .hasMessageContaining("needs upgrade.kernel, upgrade.initrd and upgrade.version");
        assertThatThrownBy(() -> NodeConfig.parse("upgrade.version=2 beta\n")).hasMessageContaining("upgrade.version");
        assertThatThrownBy(() -> NodeConfig.parse("upgrade.tries=10\n")).hasMessageContaining("1-9");
        assertThatThrownBy(() -> NodeConfig.parse("\u001b[2J=1\n")).hasMessageContaining("unknown key '?[2j'");
    }

    @Test
    void oversizedInstructionsAreRefusedUnread() throws IOException {
        Path f = dir.resolve(NodeConfig.FW_CFG);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "# x\n".repeat(10_000));
        assertThatThrownBy(() -> NodeConfig.read(SysRoot.of(dir))).hasMessageContaining("exceed");
    }

    @Test
    void reportLineEncodesAsLibShAndKeepsEveryKey() {
        NodeReport r = new NodeReport("1", Optional.of("A"), false, NodeReport.Outcome.NOT_A_TRIAL, Optional.of("metal"),
                Optional.of("detected"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("i-1"),
                Optional.of("node 1=\tx%\u001b"), 2.24, Optional.empty());
        assertThat(r.line()).isEqualTo("BRONZE-RESULT node=1 version=1 slot=A trial=no outcome=not-a-trial platform=metal "
                + "source=detected hypervisor=- userdata_sha256=- userdata_bytes=- instance_id=i-1 "
                + "hostname=node%201%3D%09x%25%1B seconds=2.2");
        NodeReport bad = new NodeReport("", Optional.empty(), true, NodeReport.Outcome.REJECTED, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0.04,
                Optional.of("line1\nline2 ünï"));
        assertThat(bad.line()).endsWith(" trial=yes outcome=rejected platform=- source=- hypervisor=- userdata_sha256=- "
                + "userdata_bytes=- instance_id=- hostname=- seconds=0.0 error=line1%0Aline2%20ünï");
        assertThat(bad.line()).startsWith("BRONZE-RESULT node=1 version=- ");
    }
}
