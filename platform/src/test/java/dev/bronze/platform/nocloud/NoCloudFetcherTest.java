package dev.bronze.platform.nocloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.platform.fetch.ConfigAcquisition;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.sim.Contexts;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoCloudFetcherTest {

    @TempDir
    Path root;
    MetadataSimulator sim;
    FakeTime time = new FakeTime();

    @BeforeEach
    void start() throws Exception {
        sim = new MetadataSimulator();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    void seedVolume(String label, String prefix) throws Exception {
        for (String f : new String[] {"meta-data", "network-config", "user-data"}) {
            Path src = Fixtures.sharedFixture("cloud/" + prefix + f);
            Contexts.volumeFile(root, label, f, Files.readAllBytes(src));
        }
    }

    @Test
    void kubevirtCidataVolume() throws Exception {
        seedVolume("cidata", "afterburn__kubevirt__nocloud_v2__");
        var ctx = Contexts.builder(root, "", null, time).build();
        Metadata m = new NoCloudFetcher().metadata(ctx);
        assertThat(m.instanceId()).isEqualTo("5d307ca9-b3ef-428c-8861-06e72d69f224");
        assertThat(m.hostname()).isEqualTo("test-nocloud-v2.foo.cloud");
        var n = m.network();
        assertThat(n.links()).extracting(l -> l.name()).containsExactly("eth0", "eth1", null);
        assertThat(n.links().get(2).mac()).isEqualTo("06:aa:bb:cc:dd:02");
        assertThat(n.addresses()).extracting(a -> a.cidr()).containsExactly("192.168.1.10/24", "2001:db8::10/64");
        assertThat(n.routes()).extracting(r -> r.destination() + " via " + r.gateway())
                .containsExactly("0.0.0.0/0 via 192.168.1.1", "::/0 via 2001:db8::1");
        assertThat(n.resolvers()).containsExactly("8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844");
        assertThat(n.operators()).extracting(o -> o.link() + ":" + o.kind()).containsExactly("eth1:dhcp4", "eth1:dhcp6", "null:dhcp4");
        // The user-data is a #cloud-config: found by the platform, refused by acquisition.
        assertThat(new NoCloudFetcher().userData(ctx)).isInstanceOf(FetchResult.Found.class);
        assertThat(ConfigAcquisition.acquire(new NoCloudFetcher(), ctx)).isInstanceOfSatisfying(FetchResult.NoConfigSource.class,
                n2 -> assertThat(n2.reason()).contains("#cloud-config"));
    }

    @Test
    void proxmoxStaticV1AndHostnameFromUserData() throws Exception {
        seedVolume("CIDATA", "afterburn__proxmoxve__static__");
        Metadata m = new NoCloudFetcher().metadata(Contexts.builder(root, "", null, time).build());
        assertThat(m.instanceId()).isEqualTo("15a9919cb91024fbd1d70fa07f0efa749cbba03b");
        assertThat(m.hostname()).isEqualTo("dummy");
        var n = m.network();
        assertThat(n.links()).extracting(l -> l.name() + "/" + l.mac()).containsExactly("eth0/01:23:45:67:89:00", "eth1/01:23:45:67:89:99");
        assertThat(n.addresses()).extracting(a -> a.link() + " " + a.cidr()).containsExactly("eth0 192.168.1.1/24",
                "eth0 2001:0db8:85a3:0000:0000:8a2e:0370:0/24", "eth1 192.168.42.1/24", "eth1 2001:0db8:85a3:0000:0000:8a2e:4242:0/24");
        assertThat(n.routes()).extracting(r -> r.link() + " " + r.destination() + " " + r.gateway()).contains(
                "eth0 0.0.0.0/0 192.168.1.254", "eth0 ::/0 2001:0db8:85a3:0000:0000:8a2e:0370:9999");
        assertThat(n.resolvers()).containsExactly("1.1.1.1", "8.8.8.8");
    }

    @Test
    void cmdlineNetworkSeedFetchesTheThreeFiles() throws Exception {
        for (String f : new String[] {"meta-data", "user-data", "vendor-data"}) {
            sim.get("/kernel_cmdline_match/" + f, Files.readString(Fixtures.sharedFixture("cloud/cloud-init__tests_data_kernel_cmdline_match__" + f)));
        }
        var ctx = Contexts.builder(root, "ds=nocloud-net;s=" + sim.base() + "/kernel_cmdline_match", null, time).build();
        assertThat(new NoCloudFetcher().userData(ctx)).isInstanceOf(FetchResult.Found.class);
        assertThat(sim.calls()).extracting(c -> c.path()).contains("/kernel_cmdline_match/meta-data",
                "/kernel_cmdline_match/network-config", "/kernel_cmdline_match/user-data");
        Metadata m = new NoCloudFetcher().metadata(ctx);
        // The recorded meta-data says "instance=id" (sic): no instance-id key, so none is invented.
        assertThat(m.instanceId()).isNull();
    }

    @Test
    void smbiosSerialSeedWithHostnameAndId() throws Exception {
        sim.get("/seed/meta-data", "instance-id: x\n");
        sim.get("/seed/user-data", "machine: {}\n");
        Contexts.write(root, "sys/class/dmi/id/product_serial", "ds=nocloud-net;s=" + sim.base() + "/seed/;h=node7;i=abc\n");
        var ctx = Contexts.builder(root, "", null, time).build();
        assertThat(ConfigAcquisition.acquire(new NoCloudFetcher(), ctx)).isInstanceOf(FetchResult.Found.class);
        Metadata m = new NoCloudFetcher().metadata(ctx);
        assertThat(m.hostname()).isEqualTo("node7");
        assertThat(m.instanceId()).isEqualTo("abc");
    }

    @Test
    void seedParsingAndFileNames() {
        assertThat(NoCloudSeed.parse("ds=nocloud;s=http://10.0.0.1/a/")).hasValueSatisfying(s -> {
            assertThat(s.net()).isFalse();
            assertThat(s.seedFrom()).contains("http://10.0.0.1/a/");
        });
        assertThat(NoCloudSeed.parse("ds=ec2")).isEmpty();
        assertThat(NoCloudSeed.file("http://h/a", "user-data")).isEqualTo("http://h/a/user-data");
        assertThat(NoCloudSeed.file("http://h/a/", "user-data")).isEqualTo("http://h/a/user-data");
        assertThat(NoCloudSeed.file("http://h/%s.txt", "meta-data")).isEqualTo("http://h/meta-data.txt");
        assertThat(NoCloudSeed.file("http://h/a?x=1", "meta-data")).isEqualTo("http://h/a/meta-data?x=1");
    }

    @Test
    void nothingIsNoConfigSource() {
        assertThat(new NoCloudFetcher().userData(Contexts.builder(root, "", null, time).build()))
                .isInstanceOf(FetchResult.NoConfigSource.class);
    }

    @Test
    void recordedEc2ShapedSeedMetaData() throws Exception {
        Contexts.volumeFile(root, "cidata", "meta-data", Files.readAllBytes(Fixtures.sharedFixture("cloud/cloud-init__doc_examples_seed__meta-data.yaml")));
        Metadata m = new NoCloudFetcher().metadata(Contexts.builder(root, "", null, time).build());
        assertThat(m.instanceId()).isEqualTo("i-87018aed");
        assertThat(m.hostname()).isEqualTo("domU-12-31-38-07-19-44.compute-1.internal");
        assertThat(m.instanceType()).isEqualTo("m1.large");
        assertThat(m.zone()).isEqualTo("us-east-1d");
        assertThat(m.externalIPs()).containsExactly("184.72.174.120");
    }
}
