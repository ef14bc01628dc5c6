package dev.bronze.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.scaleway.ScalewayFetcher;
import dev.bronze.platform.sim.Contexts;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.platform.sim.MetadataSimulator.Fault;
import dev.bronze.platform.sim.MetadataSimulator.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scaleway's rule: only requests from a source port below 1024 are answered. */
@Tag("root")
class LowPortTransportTest {

    @TempDir
    Path root;
    MetadataSimulator sim;
    FakeTime time = new FakeTime();

    @BeforeEach
    void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "binding a port below 1024 needs root (CI runs as root)");
        sim = new MetadataSimulator();
        sim.rule(c -> c.remotePort() < 1024 ? null : Reply.status(403));
        sim.get("/user_data/cloud-init", "machine: {}\n");
        sim.route("GET", "/conf", c -> "format=json".equals(c.query())
                ? Reply.json("{\"id\":\"abc\",\"hostname\":\"scw-1\",\"commercial_type\":\"DEV1-S\",\"zone\":\"nl-ams-1\","
                        + "\"public_ip\":{\"address\":\"51.15.0.1\"}}")
                : Reply.status(400));
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void userDataAndConfFromAPrivilegedPort() {
        var ctx = Contexts.builder(root, "", sim.base(), time).build();
        assertThat(new ScalewayFetcher().userData(ctx)).isInstanceOf(FetchResult.Found.class);
        Metadata m = new ScalewayFetcher().metadata(ctx);
        assertThat(m.instanceType()).isEqualTo("DEV1-S");
        assertThat(m.externalIPs()).containsExactly("51.15.0.1");
        assertThat(sim.calls()).allSatisfy(c -> assertThat(c.remotePort()).isBetween(100, 611));
    }

    @Test
    void jdkClientIsRefusedByTheSameRule() {
        HttpResult r = new MetadataHttp(JdkTransport.metadata(), time, time, new Random(1),
                Contexts.fastPolicy().withDeadline(Duration.ofSeconds(2)))
                .call(Request.get(sim.uri("/user_data/cloud-init")), MetadataHttpTest.TABLE);
        assertThat(r).isInstanceOf(HttpResult.Failed.class);
    }

    @Test
    void truncatedAndHugeBodies() {
        var http = new MetadataHttp(new LowPortTransport(new Random(2)), time, time, new Random(1),
                Contexts.fastPolicy().withMaxBytes(1 << 20));
        sim.fault(new Fault.Truncate());
        assertThat(http.call(Request.get(sim.uri("/user_data/cloud-init")), MetadataHttpTest.TABLE)).isInstanceOf(HttpResult.Ok.class);
        assertThat(sim.count("GET", "/user_data/cloud-init")).isEqualTo(2);
        sim.fault(new Fault.Huge(8L << 20));
        assertThat(http.call(Request.get(sim.uri("/user_data/cloud-init")), MetadataHttpTest.TABLE))
                .isInstanceOfSatisfying(HttpResult.Failed.class, f -> assertThat(f.cause()).contains("larger than"));
    }
}
