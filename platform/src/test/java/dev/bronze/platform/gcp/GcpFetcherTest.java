package dev.bronze.platform.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.KernelCmdline;
import dev.bronze.platform.fetch.ConfigAcquisition;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.GcpSimulator;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcpFetcherTest {

    @TempDir
    Path root;
    MetadataSimulator sim;
    GcpSimulator gcp;
    FakeTime time = new FakeTime();
    JsonNode fixtures;

    @BeforeEach
    void start() throws Exception {
        sim = new MetadataSimulator();
        gcp = new GcpSimulator(sim);
        fixtures = new ObjectMapper().readTree(Fixtures.sharedFixture("cloud/cloud-init__test_gce__metadata-path-fixtures.json").toFile());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    FetchContext ctx() {
        return FetchContext.builder(SysRoot.of(root)).cmdline(KernelCmdline.parse("")).endpoint(sim.base())
                .clock(time).sleeper(time).random(new Random(3))
                .policy(new RetryPolicy(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(1),
                        Duration.ofSeconds(8), Duration.ofMillis(500), RetryPolicy.DEFAULT_MAX_BYTES))
                .build();
    }

    void load(String set) {
        fixtures.get(set).fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                e.getValue().fields().forEachRemaining(a -> gcp.put(e.getKey() + "/" + a.getKey(), a.getValue().asText()));
            } else {
                gcp.put(e.getKey(), e.getValue().asText());
            }
        });
    }

    @Test
    void recordedMetadataParses() {
        load("GCE_META");
        Metadata m = new GcpFetcher().metadata(ctx());
        assertThat(m.instanceId()).isEqualTo("123");
        assertThat(m.hostname()).isEqualTo("server.project-foo.local");
        assertThat(m.zone()).isEqualTo("bar");
        assertThat(m.network().resolvers()).containsExactly("169.254.169.254");
        assertThat(m.network().timeServers()).containsExactly("metadata.google.internal");
        assertThat(sim.calls()).allSatisfy(c -> assertThat(c.header("Metadata-Flavor")).isEqualTo("Google"));
    }

    @Test
    void base64EncodedUserDataIsDecoded() {
        load("GCE_META_ENCODING");
        FetchResult r = new GcpFetcher().userData(ctx());
        assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class, f -> {
            assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("#!/bin/echo baz\n");
            assertThat(f.decoding().toString()).isEqualTo("base64");
        });
    }

    @Test
    void plainUserDataIsReturnedAsIs() {
        load("GCE_USER_DATA_TEXT");
        FetchResult r = new GcpFetcher().userData(ctx());
        assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class,
                f -> assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("#!/bin/sh\necho hi mom\ntouch /run/up-now\n"));
    }

    @Test
    void noUserDataAttributeIsNoConfigSource() {
        load("GCE_META_PARTIAL");
        assertThat(new GcpFetcher().userData(ctx())).isInstanceOf(FetchResult.NoConfigSource.class);
        assertThat(sim.count("GET", "/computeMetadata/v1/instance/attributes/user-data")).isEqualTo(1);
    }

    @Test
    void fullInstanceWithNetworkInterfaces() {
        gcp.put("project/project-id", "my-project").put("instance/name", "node-1").put("instance/id", "42")
                .put("instance/hostname", "node-1.c.my-project.internal")
                .put("instance/machine-type", "projects/708288290784/machineTypes/e2-medium")
                .put("instance/zone", "projects/708288290784/zones/us-central1-a")
                .put("instance/scheduling/preemptible", "TRUE")
                .putJson("instance/tags", "[\"web\",\"k8s\"]")
                .putJson("instance/network-interfaces/", "[{\"accessConfigs\":[{\"externalIp\":\"34.1.2.3\",\"type\":\"ONE_TO_ONE_NAT\"}],"
                        + "\"ip\":\"10.128.0.19\",\"mac\":\"42:01:0a:80:00:13\",\"mtu\":1460,"
                        + "\"ipv6s\":[\"2600:1900:4000:1::\"],\"gatewayIpv6\":\"fe80::1\"}]");
        Metadata m = new GcpFetcher().metadata(ctx());
        assertThat(m.instanceType()).isEqualTo("e2-medium");
        assertThat(m.zone()).isEqualTo("us-central1-a");
        assertThat(m.region()).isEqualTo("us-central1");
        assertThat(m.spot()).isTrue();
        assertThat(m.providerId()).isEqualTo("gce://my-project/us-central1-a/node-1");
        assertThat(m.externalIPs()).containsExactly("34.1.2.3");
        assertThat(m.tags()).containsOnlyKeys("web", "k8s");
        assertThat(m.network().links()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("eth0");
            assertThat(l.mtu()).isEqualTo(1460);
            assertThat(l.mac()).isEqualTo("42:01:0a:80:00:13");
        });
        assertThat(m.network().addresses()).extracting(a -> a.cidr()).containsExactly("2600:1900:4000:1::/128");
        assertThat(m.network().routes()).singleElement().satisfies(r -> assertThat(r.gateway()).isEqualTo("fe80::1"));
    }

    @Test
    void anAnswerWithoutTheFlavorHeaderIsNotTakenForUserData() throws Exception {
        try (MetadataSimulator other = new MetadataSimulator()) {
            other.get("/computeMetadata/v1/instance/attributes/user-data", "<html>portal</html>");
            FetchResult r = new GcpFetcher().userData(dev.bronze.platform.sim.Contexts.builder(root, "", other.base(), time).build());
            assertThat(r).isInstanceOfSatisfying(FetchResult.Failed.class,
                    f -> assertThat(f.cause()).contains("not the GCE metadata server"));
        }
    }

    @Test
    void gzipUserDataIsUnpackedForEveryPlatform() throws Exception {
        var bo = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bo)) {
            gz.write("machine:\n  type: worker\n".getBytes(StandardCharsets.UTF_8));
        }
        gcp.put("instance/attributes/user-data", java.util.Base64.getEncoder().encodeToString(bo.toByteArray()))
                .put("instance/attributes/user-data-encoding", "base64");
        FetchResult r = ConfigAcquisition.acquire(new GcpFetcher(), ctx());
        assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class, f -> {
            assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("machine:\n  type: worker\n");
            assertThat(f.decoding().toString()).isEqualTo("base64+gzip");
        });
    }
}
