package dev.bronze.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.KernelCmdline;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchException;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.sim.AwsSimulator;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.platform.sim.MetadataSimulator.Fault;
import dev.bronze.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsFetcherTest {

    @TempDir
    Path root;
    MetadataSimulator sim;
    AwsSimulator aws;
    FakeTime time = new FakeTime();

    @BeforeEach
    void start() throws Exception {
        sim = new MetadataSimulator();
        aws = new AwsSimulator(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    FetchContext ctx() {
        return FetchContext.builder(SysRoot.of(root)).cmdline(KernelCmdline.parse("")).endpoint(sim.base())
                .clock(time).sleeper(time).random(new Random(3))
                .policy(new RetryPolicy(Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofSeconds(1),
                        Duration.ofSeconds(8), Duration.ofMillis(500), RetryPolicy.DEFAULT_MAX_BYTES))
                .build();
    }

    @Test
    void aemmRecordedResponsesBecomeTheMetadataModel() throws Exception {
        aws.loadAemm(Fixtures.sharedFixture("cloud/amazon-ec2-metadata-mock__aemm-metadata-default-values.json"));
        Metadata m = new AwsFetcher().metadata(ctx());
        assertThat(m.platform()).isEqualTo("aws");
        assertThat(m.instanceId()).isEqualTo("i-1234567890abcdef0");
        assertThat(m.hostname()).isEqualTo("ip-172-16-34-43.ec2.internal");
        assertThat(m.instanceType()).isEqualTo("m4.xlarge");
        assertThat(m.region()).isEqualTo("us-east-1");
        assertThat(m.zone()).isEqualTo("us-east-1a");
        assertThat(m.providerId()).isEqualTo("aws:///us-east-1a/i-1234567890abcdef0");
        assertThat(m.externalIPs()).containsExactly("192.0.2.54");
        assertThat(m.spot()).isFalse();
        assertThat(m.tags()).containsEntry("Name", "test-instance").containsEntry("Test", "test-tag");
        assertThat(m.network().timeServers()).containsExactly("169.254.169.123", "fd00:ec2::123");
        assertThat(m.network().links()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("eth0");
            assertThat(l.mac()).isEqualTo("0e:49:61:0f:c3:11");
        });
        assertThat(m.network().operators()).extracting(o -> o.kind()).containsExactly("dhcp4", "dhcp6");
        assertThat(m.network().resolvers()).containsExactly("fd00:ec2::253");
        // One token for the whole crawl: it is reused, not fetched per key.
        assertThat(aws.tokensIssued()).isEqualTo(1);
        assertThat(sim.calls()).filteredOn(c -> c.method().equals("GET"))
                .allSatisfy(c -> assertThat(c.header("X-aws-ec2-metadata-token")).isEqualTo("AQAEA-token-1"));
    }

    @Test
    void aemmUserDataIsReturnedAsServed() throws Exception {
        aws.loadAemm(Fixtures.sharedFixture("cloud/amazon-ec2-metadata-mock__aemm-metadata-default-values.json"));
        FetchResult r = new AwsFetcher().userData(ctx());
        assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class,
                f -> assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("1234,john,reboot,true\n"));
        assertThat(sim.calls().get(sim.calls().size() - 2).method()).isEqualTo("PUT");
        assertThat(sim.calls().get(sim.calls().size() - 2).header("X-aws-ec2-metadata-token-ttl-seconds")).isEqualTo("21600");
    }

    @Test
    void cloudInitCrawledTreeWithTwoNicsAndTags() throws Exception {
        ObjectMapper om = new ObjectMapper();
        aws.loadTree("/latest/meta-data", om.readTree(Fixtures.sharedFixture("cloud/cloud-init__test_ec2__meta-data-tree-2016-09-02.json").toFile()));
        aws.loadTree("/latest/meta-data", om.readTree(Fixtures.sharedFixture("cloud/cloud-init__test_ec2__meta-data-tags-2021-03-23.json").toFile()));
        Metadata m = new AwsFetcher().metadata(ctx());
        assertThat(m.instanceId()).isEqualTo("i-0a33f80f09c96477f");
        assertThat(m.instanceType()).isEqualTo("t2.small");
        assertThat(m.hostname()).isEqualTo("ip-172-31-31-158.us-east-2.compute.internal");
        assertThat(m.zone()).isEqualTo("us-east-2b");
        // 2016-09-02 has no placement/region: derived from the zone.
        assertThat(m.region()).isEqualTo("us-east-2");
        assertThat(m.externalIPs()).containsExactly("13.59.77.202");
        assertThat(m.tags()).containsEntry("Environment", "production").containsEntry("TagWithoutValue", "");
        // The NIC with device-number 0 is the primary one, whatever the listing order.
        assertThat(m.network().links().get(0).mac()).isEqualTo("06:17:04:d7:26:09");
        assertThat(m.network().operators()).extracting(o -> o.kind()).containsExactly("dhcp4", "dhcp6");
    }

    @Test
    void multiIpNicFromTheRecordedResponse() throws Exception {
        ObjectMapper om = new ObjectMapper();
        var nic = om.readTree(Fixtures.sharedFixture("cloud/cloud-init__test_ec2__nic-metadata-2018-09-24-ipv4-ipv6-multi-ip.json").toFile());
        aws.put("/latest/meta-data/instance-id", "i-multi");
        aws.loadTree("/latest/meta-data/network/interfaces/macs/0a:07:84:3d:6e:38", nic);
        AwsImds imds = new AwsImds(ctx());
        assertThat(AwsFetcher.primaryMac(imds)).contains("0a:07:84:3d:6e:38");
        assertThat(imds.metaData("network/interfaces/macs/0a:07:84:3d:6e:38/local-ipv4s").orElseThrow())
                .isEqualTo("172.31.44.13\n172.31.45.70");
    }

    @Test
    void staleTokenIsRefreshedOn401() throws Exception {
        aws.put("/latest/meta-data/instance-id", "i-1").put("/latest/user-data", "config");
        AwsImds imds = new AwsImds(ctx());
        assertThat(imds.metaData("instance-id")).contains("i-1");
        String first = sim.calls().get(sim.calls().size() - 1).header("X-aws-ec2-metadata-token");
        int issued = aws.tokensIssued();
        aws.expireTokens();
        assertThat(imds.userData()).isInstanceOf(FetchResult.Found.class);
        assertThat(aws.tokensIssued()).isGreaterThan(issued);
        var last = sim.calls().get(sim.calls().size() - 1);
        assertThat(last.path()).isEqualTo("/latest/user-data");
        assertThat(last.header("X-aws-ec2-metadata-token")).isNotNull().isNotEqualTo(first);
    }

    @Test
    void tokenServiceAbsentFallsBackToImdsV1() {
        aws.mode(AwsSimulator.Mode.V1_ONLY).put("/latest/user-data", "v1 data");
        FetchResult r = new AwsFetcher().userData(ctx());
        assertThat(r).isInstanceOf(FetchResult.Found.class);
        assertThat(sim.calls()).filteredOn(c -> c.path().equals("/latest/user-data"))
                .allSatisfy(c -> assertThat(c.header("X-aws-ec2-metadata-token")).isNull());
    }

    @Test
    void disabledEndpointIsAClearErrorNotARetryLoop() {
        aws.mode(AwsSimulator.Mode.DISABLED);
        FetchResult r = new AwsFetcher().userData(ctx());
        assertThat(r).isInstanceOfSatisfying(FetchResult.Failed.class,
                f -> assertThat(f.cause()).contains("403").contains("disabled"));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void userDataMissingIsNoConfigSourceNotRetried() {
        aws.put("/latest/meta-data/instance-id", "i-1");
        FetchResult r = new AwsFetcher().userData(ctx());
        assertThat(r).isInstanceOf(FetchResult.NoConfigSource.class);
        assertThat(sim.count("GET", "/latest/user-data")).isEqualTo(1);
    }

    @Test
    void whitespaceOnlyUserDataIsNoConfigSource() {
        aws.put("/latest/user-data", " \n\t\n");
        assertThat(new AwsFetcher().userData(ctx())).isInstanceOf(FetchResult.NoConfigSource.class);
    }

    @Test
    void faultsOnTheWayAreRetried() {
        aws.put("/latest/user-data", "data");
        // race probe, token PUT, then user-data: faults land on all of them.
        sim.fault(new Fault.Status(500, null), new Fault.Status(503, "2"), new Fault.Truncate(), new Fault.Status(429, "1"));
        FetchResult r = new AwsFetcher().userData(ctx());
        assertThat(r).isInstanceOf(FetchResult.Found.class);
        assertThat(time.slept()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void gzipBombFromTheServiceIsAClearFailure() throws Exception {
        // 64 MiB of zeros in ~64 KiB of gzip; the decoded cap is 16 MiB.
        aws.putBytes("/latest/user-data", MetadataSimulator.gzipZeros(64L << 20));
        FetchResult r = dev.bronze.platform.fetch.ConfigAcquisition.acquire(new AwsFetcher(), ctx());
        assertThat(r).isInstanceOfSatisfying(FetchResult.Failed.class, f -> assertThat(f.cause()).contains("compression bomb"));
    }

    @Test
    void raceKeepsTheEndpointThatAnswers() throws Exception {
        aws.put("/latest/meta-data/instance-id", "i-race").put("/latest/user-data", "x");
        // A dead endpoint as an absent IMDS address looks: the connection goes nowhere (here: a
        // listening socket nobody accepts from), so the loser waits in real time. A refused one
        // would spin through its retries on the shared fake clock and use up the test's deadline.
        java.net.ServerSocket blackhole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        java.net.URI deadBase = java.net.URI.create("http://127.0.0.1:" + blackhole.getLocalPort());
        // Both endpoints without --endpoint would be 169.254.169.254 and fd00:ec2::254; the race
        // logic itself is exercised here with two loopback bases, one of them dead.
        FetchContext c = FetchContext.builder(SysRoot.of(root)).cmdline(KernelCmdline.parse(""))
                .clock(time).sleeper(time).random(new Random(3))
                .policy(new RetryPolicy(Duration.ofMillis(300), Duration.ofSeconds(20), Duration.ofMillis(100),
                        Duration.ofMillis(200), Duration.ZERO, RetryPolicy.DEFAULT_MAX_BYTES))
                .build();
        try (blackhole) {
            AwsImds imds = new AwsImds(c, java.util.List.of(deadBase, sim.base()));
            assertThat(imds.base()).isEqualTo(sim.base());
            assertThat(imds.metaData("instance-id")).contains("i-race");
        }
    }

    @Test
    void endpointOverrideReplacesBothAddresses() {
        FetchContext c = ctx();
        assertThat(c.service(AwsImds.IPV4)).isEqualTo(sim.base());
        assertThat(c.service(AwsImds.IPV6)).isEqualTo(sim.base());
    }

    @Test
    void regionFromZone() {
        assertThat(AwsFetcher.regionOf("us-east-1a")).isEqualTo("us-east-1");
        assertThat(AwsFetcher.regionOf("us-west-2-lax-1a")).isEqualTo("us-west-2");
        assertThat(AwsFetcher.regionOf("eu-central-1")).isEqualTo("eu-central-1");
    }

    @Test
    void missingInstanceIdFailsMetadataClearly() {
        aws.mode(AwsSimulator.Mode.DISABLED);
        assertThatThrownBy(() -> new AwsFetcher().metadata(ctx())).isInstanceOf(FetchException.class)
                .hasMessageContaining("403");
    }
}
