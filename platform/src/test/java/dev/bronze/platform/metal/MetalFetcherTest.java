package dev.bronze.platform.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.fetch.FetchException;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.sim.Contexts;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.platform.sim.MetadataSimulator.Fault;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetalFetcherTest {

    @TempDir
    Path root;
    MetadataSimulator sim;
    FakeTime time = new FakeTime();

    @BeforeEach
    void start() throws Exception {
        sim = new MetadataSimulator();
        Contexts.write(root, "sys/class/dmi/id/product_uuid", "4C4C4544-0042-3510-8052-B4C04F4E3232\n");
        Contexts.write(root, "sys/class/dmi/id/product_serial", "SN 12/34\n");
        Contexts.write(root, "proc/sys/kernel/hostname", "node-a\n");
        Contexts.write(root, "sys/class/net/eth1/address", "52:54:00:00:00:02\n");
        Contexts.write(root, "sys/class/net/eth1/ifindex", "3\n");
        Files.createDirectories(root.resolve("sys/class/net/eth1/device"));
        Contexts.write(root, "sys/class/net/eth0/address", "52:54:00:00:00:01\n");
        Contexts.write(root, "sys/class/net/eth0/ifindex", "2\n");
        Files.createDirectories(root.resolve("sys/class/net/eth0/device"));
        Contexts.write(root, "sys/class/net/lo/address", "00:00:00:00:00:00\n");
        Contexts.write(root, "sys/class/net/br0/address", "52:54:00:00:00:09\n");
        Contexts.write(root, "sys/class/net/br0/ifindex", "1\n");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    FetchResult fetch(String cmdline) {
        return new MetalFetcher().userData(Contexts.builder(root, cmdline, null, time).build());
    }

    @Test
    void variablesAreSubstitutedInPathAndQuery() {
        sim.route("GET", "/configs/4c4c4544-0042-3510-8052-b4c04f4e3232/52:54:00:00:00:01.yaml", c -> MetadataSimulator.Reply.ok("machine: {}\n"));
        FetchResult r = fetch("talos.config=" + sim.base() + "/configs/${uuid}/${MAC}.yaml?serial=${serial}&h=${hostname}&uuid=");
        assertThat(r).isInstanceOf(FetchResult.Found.class);
        MetadataSimulator.Call c = sim.calls().get(0);
        assertThat(c.query()).isEqualTo("serial=SN+12%2F34&h=node-a&uuid=4c4c4544-0042-3510-8052-b4c04f4e3232");
    }

    @Test
    void pathValuesCannotChangeTheUrlShape() {
        SystemFacts f = new SystemFacts(Optional.empty(), Optional.of("a/../b c"), Optional.empty(), Optional.empty());
        assertThat(ConfigUrl.expand("http://h/x/${serial}", f).getRawPath()).isEqualTo("/x/a%2F..%2Fb%20c");
        assertThat(ConfigUrl.expand("http://h/${serial}/", f).getPath()).isEqualTo("/a/../b c/");
    }

    @Test
    void aMissingValueIsAClearError() {
        SystemFacts f = new SystemFacts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> ConfigUrl.expand("http://h/${uuid}", f)).isInstanceOf(FetchException.class)
                .hasMessageContaining("no SMBIOS system UUID");
        assertThatThrownBy(() -> ConfigUrl.expand("http://h/${code}", f)).hasMessageContaining("${code}");
        assertThatThrownBy(() -> ConfigUrl.expand("ftp://h/x", f)).hasMessageContaining("not supported");
    }

    @Test
    void firstMacIsThePhysicalLinkWithTheLowestIndex() {
        assertThat(SystemFacts.read(SysRoot.of(root)).mac()).contains("52:54:00:00:00:01");
    }

    @Test
    void placeholderDmiValuesAreAbsent() {
        assertThat(SystemFacts.meaningful("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")).isFalse();
        assertThat(SystemFacts.meaningful("To Be Filled By O.E.M.")).isFalse();
        assertThat(SystemFacts.meaningful("00000000-0000-0000-0000-000000000000")).isFalse();
        assertThat(SystemFacts.meaningful("CZ1234")).isTrue();
    }

    @Test
    void notFoundIsNoConfigSourceAndServerErrorsAreRetried() {
        assertThat(fetch("talos.config=" + sim.base() + "/none")).isInstanceOf(FetchResult.NoConfigSource.class);
        sim.get("/c", "machine: {}\n");
        sim.fault(new Fault.Status(502, null), new Fault.Drop(), new Fault.Latency(10));
        assertThat(fetch("talos.config=" + sim.base() + "/c")).isInstanceOf(FetchResult.Found.class);
    }

    @Test
    void metalIsoVolume() throws Exception {
        Contexts.volumeFile(root, "metal-iso", "config.yaml", "machine: iso\n".getBytes(StandardCharsets.UTF_8));
        FetchResult r = fetch("talos.config=metal-iso");
        assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class, f -> assertThat(f.source()).contains("metal-iso"));
    }

    @Test
    void noParameterOrNoneIsNoConfigSource() {
        assertThat(fetch("quiet")).isInstanceOf(FetchResult.NoConfigSource.class);
        assertThat(fetch("talos.config=none")).isInstanceOf(FetchResult.NoConfigSource.class);
        assertThat(fetch("talos.config=metal-iso")).isInstanceOf(FetchResult.NoConfigSource.class);
    }

    @Test
    void cidataVolumeWithoutTalosConfig() throws Exception {
        Contexts.volumeFile(root, "CIDATA", "user-data", "machine: seed\n".getBytes(StandardCharsets.UTF_8));
        assertThat(fetch("quiet")).isInstanceOfSatisfying(FetchResult.Found.class, f -> assertThat(f.source()).contains("CIDATA"));
        assertThat(fetch("talos.config=none")).isInstanceOf(FetchResult.NoConfigSource.class);
    }

    @Test
    void fileUrlsReadBelowTheRoot() throws Exception {
        Contexts.write(root, "boot/config.yaml", "machine: file\n");
        assertThat(fetch("talos.config=file:///boot/config.yaml")).isInstanceOf(FetchResult.Found.class);
    }

    @Test
    void redirectsAreFollowedForUserUrls() {
        sim.route("GET", "/old", c -> MetadataSimulator.Reply.status(302).with("Location", sim.base() + "/new"));
        sim.get("/new", "machine: moved\n");
        FetchResult r = fetch("talos.config=" + sim.base() + "/old");
        assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class,
                f -> assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("machine: moved\n"));
        assertThat(URI.create(sim.base() + "/new")).isNotNull();
    }
}
