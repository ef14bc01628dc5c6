package dev.bronze.platform.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.KernelCmdline;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.platform.sim.MetadataSimulator.Reply;
import dev.bronze.platform.xml.SafeXml;
import dev.bronze.platform.xml.XmlException;
import dev.bronze.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureFetcherTest {

    @TempDir
    Path root;
    MetadataSimulator imds;
    MetadataSimulator wire;
    FakeTime time = new FakeTime();
    AtomicInteger provisioning = new AtomicInteger();
    volatile Set<String> apiVersions = Set.of("2021-12-13", "2021-01-01", "2020-10-01", "2019-06-01");
    volatile String instanceJson;
    volatile String userData = "";
    AtomicReference<String> incarnation = new AtomicReference<>("42");
    AtomicReference<String> lastHealth = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        imds = new MetadataSimulator();
        wire = new MetadataSimulator();
        instanceJson = Files.readString(Fixtures.sharedFixture("cloud/walinuxagent__tests_data_imds__valid.json"));
        // Strict IMDS: Metadata: true, no proxy, known api-versions, 410 while provisioning.
        imds.rule(c -> {
            if (!"true".equals(c.header("Metadata")) || c.header("X-Forwarded-For") != null) {
                return Reply.status(403);
            }
            String v = c.query() == null ? null : c.query().replaceAll(".*api-version=([^&]*).*", "$1");
            if (v == null || !apiVersions.contains(v)) {
                return Reply.status(400);
            }
            if (provisioning.getAndDecrement() > 0) {
                return Reply.status(410);
            }
            return null;
        });
        imds.route("GET", "/metadata/instance", c -> Reply.json(instanceJson));
        imds.route("GET", "/metadata/instance/compute/userData", c -> Reply.ok(userData));
        // Strict wireserver: agent headers, a report echoing the current goal state, 410 when stale.
        wire.rule(c -> !"WALinuxAgent".equals(c.header("x-ms-agent-name")) || c.header("x-ms-version") == null
                ? Reply.status(400) : null);
        wire.route("GET", "/machine/", c -> {
            try {
                String xml = Files.readString(Fixtures.sharedFixture("cloud/afterburn__azure__wireserver-goalstate.xml"));
                return new Reply(200, "text/xml", xml.replace("<Incarnation>42<", "<Incarnation>" + incarnation.get() + "<")
                        .getBytes(StandardCharsets.UTF_8), java.util.Map.of());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        wire.route("POST", "/machine", c -> {
            if (!"comp=health".equals(c.query()) || !String.valueOf(c.header("Content-Type")).startsWith("text/xml")) {
                return Reply.status(400);
            }
            var d = SafeXml.parse(c.body(), "health");
            if (!incarnation.get().equals(SafeXml.text(d, "GoalStateIncarnation").orElse(""))) {
                return Reply.status(410);
            }
            if (!"a511aa6d-29e7-4f53-8788-55655dfe848f".equals(SafeXml.text(d, "Container", "ContainerId").orElse(""))
                    || !"f6cd1d7ef1644557b9059345e5ba890c.lars-test-1".equals(SafeXml.text(d, "Role", "InstanceId").orElse(""))) {
                return Reply.status(400);
            }
            lastHealth.set(new String(c.body(), StandardCharsets.UTF_8));
            return Reply.status(200);
        });
    }

    @AfterEach
    void stop() {
        imds.close();
        wire.close();
    }

    FetchContext ctx() {
        return FetchContext.builder(SysRoot.of(root)).cmdline(KernelCmdline.parse("")).endpoint(imds.base())
                .wireserver(wire.base()).clock(time).sleeper(time).random(new Random(3))
                .policy(new RetryPolicy(Duration.ofSeconds(3), Duration.ofSeconds(300), Duration.ofSeconds(1),
                        Duration.ofSeconds(8), Duration.ofMillis(500), RetryPolicy.DEFAULT_MAX_BYTES))
                .build();
    }

    void disc(String label, Path ovf) throws Exception {
        Path d = root.resolve("run/bronze/volumes/" + label);
        Files.createDirectories(d);
        Files.copy(ovf, d.resolve("ovf-env.xml"));
    }

    @Test
    void recordedImdsDocumentsBecomeTheModel() throws Exception {
        Metadata m = new AzureFetcher().metadata(ctx());
        assertThat(m.hostname()).isEqualTo("health");
        assertThat(m.instanceId()).isEqualTo("e7fdbfc4-2deb-4a4e-8615-ea6aaf50162e");
        assertThat(m.instanceType()).isEqualTo("Standard_D2_V2");
        assertThat(m.region()).isEqualTo("westus");
        assertThat(m.zone()).isEqualTo("0");
        assertThat(m.providerId()).isEqualTo("azure:///subscriptions/21b2dc34-bce6-4e63-9449-d2a8d1c2339e/resourceGroups/tests/providers/Microsoft.Compute/virtualMachines/health");
        assertThat(m.externalIPs()).containsExactly("40.112.128.120");
        assertThat(m.spot()).isFalse();
        assertThat(m.network().links()).singleElement().satisfies(l -> {
            assertThat(l.mac()).isEqualTo("00:0d:3a:33:82:e8");
            assertThat(l.mtu()).isEqualTo(1400);
        });
        assertThat(m.network().operators()).extracting(o -> o.kind()).containsExactly("dhcp4");

        instanceJson = Files.readString(Fixtures.sharedFixture("cloud/cloud-init__test_azure__imds-instance-compute-network.json"));
        Metadata m2 = new AzureFetcher().metadata(ctx());
        assertThat(m2.hostname()).isEqualTo("my-hostname");
        assertThat(m2.region()).isEqualTo("eastus2");
        assertThat(m2.externalIPs()).containsExactly("104.46.124.81");
        assertThat(m2.providerId()).contains("/resourceGroups/srugroup1/");
    }

    @Test
    void confidentialVmComputeCapture() throws Exception {
        var compute = new ObjectMapper().readTree(Fixtures.sharedFixture("cloud/walinuxagent__tests_data_imds__cvm_metadata-compute.json").toFile());
        var doc = new ObjectMapper().createObjectNode().set("compute", compute);
        Metadata.Builder b = Metadata.builder("azure");
        AzureFetcher.fromInstance(doc, b);
        Metadata m = b.build();
        assertThat(m.hostname()).isEqualTo("examplevmname");
        assertThat(m.region()).isEqualTo("westus");
        assertThat(m.instanceId()).isEqualTo(compute.get("vmId").asText());
        assertThat(m.instanceType()).isEqualTo(compute.get("vmSize").asText());
    }

    @Test
    void provisioning410IsRetriedUntilReady() {
        provisioning.set(3);
        Metadata m = new AzureFetcher().metadata(ctx());
        assertThat(m.hostname()).isEqualTo("health");
        assertThat(time.sleeps()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void unknownApiVersionFallsBackTo20190601() {
        apiVersions = Set.of("2019-06-01");
        Metadata m = new AzureFetcher().metadata(ctx());
        assertThat(m.instanceId()).isEqualTo("e7fdbfc4-2deb-4a4e-8615-ea6aaf50162e");
        assertThat(imds.calls()).extracting(c -> c.query()).anyMatch(q -> q.contains("api-version=2021-12-13"))
                .anyMatch(q -> q.contains("api-version=2019-06-01"));
    }

    @Test
    void customDataFromTheProvisioningDisc() throws Exception {
        Path ovf = root.resolve("ovf.xml");
        String xml = Files.readString(Fixtures.sharedFixture("cloud/walinuxagent__tests_data__ovf-env.xml"))
                .replace("<CustomData>CustomData</CustomData>", "<CustomData>"
                        + Base64.getMimeEncoder().encodeToString("machine: {}\n".getBytes(StandardCharsets.UTF_8)) + "</CustomData>");
        Files.writeString(ovf, xml);
        disc("rd_rdfe_stable.230101", ovf);
        FetchResult r = new AzureFetcher().userData(ctx());
        assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class, f -> {
            assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("machine: {}\n");
            assertThat(f.source()).contains("provisioning disc");
        });
        assertThat(imds.calls()).isEmpty();
    }

    @Test
    void recordedOvfEnvParses() throws Exception {
        var env = AzureProvisioningMedia.parse(Files.readAllBytes(Fixtures.sharedFixture("cloud/walinuxagent__tests_data__ovf-env.xml")));
        assertThat(env.hostName()).contains("HostName");
        assertThat(env.customData()).isPresent();
        var env2 = AzureProvisioningMedia.parse(Files.readAllBytes(Fixtures.sharedFixture("cloud/walinuxagent__tests_data__ovf-env-2.xml")));
        assertThat(env2.hostName()).isPresent();
    }

    @Test
    void imdsUserDataWhenNoDisc() {
        userData = Base64.getEncoder().encodeToString("from imds\n".getBytes(StandardCharsets.UTF_8));
        FetchResult r = new AzureFetcher().userData(ctx());
        assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class,
                f -> assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("from imds\n"));
    }

    @Test
    void emptyImdsUserDataIsNoConfigSource() {
        assertThat(new AzureFetcher().userData(ctx())).isInstanceOf(FetchResult.NoConfigSource.class);
    }

    @Test
    void readyReportEchoesTheGoalState() {
        assertThat(new AzureFetcher().report(ctx(), new FetchResult.NoConfigSource("x"))).isEmpty();
        assertThat(lastHealth.get()).contains("<GoalStateIncarnation>42</GoalStateIncarnation>")
                .contains("<State>Ready</State>").doesNotContain("NotReady");
    }

    @Test
    void failureIsReportedAsNotReadyWithAnEscapedBoundedReason() {
        String reason = "bad <config> & " + "x".repeat(600);
        assertThat(new AzureFetcher().report(ctx(), new FetchResult.Failed(reason))).isEmpty();
        String body = lastHealth.get();
        assertThat(body).contains("<State>NotReady</State>").contains("<SubStatus>ProvisioningFailed</SubStatus>")
                .contains("bad &lt;config&gt; &amp; ");
        String desc = SafeXml.text(SafeXml.parse(body.getBytes(StandardCharsets.UTF_8), "h"), "Description").orElseThrow();
        assertThat(desc.length()).isLessThanOrEqualTo(512);
    }

    @Test
    void staleIncarnationRefetchesTheGoalState() {
        // The goal state moves on between our GET and POST once.
        AtomicInteger gets = new AtomicInteger();
        wire.rule(c -> {
            if (c.method().equals("GET") && gets.incrementAndGet() == 1) {
                incarnation.set("42");
            } else if (c.method().equals("POST") && gets.get() == 1) {
                incarnation.set("43");
            }
            return null;
        });
        assertThat(new AzureFetcher().report(ctx(), new FetchResult.NoConfigSource("x"))).isEmpty();
        assertThat(lastHealth.get()).contains("<GoalStateIncarnation>43</GoalStateIncarnation>");
        assertThat(wire.count("GET", "/machine/")).isEqualTo(2);
    }

    @Test
    void wireserverDownIsAWarningNotACrash() {
        wire.route("GET", "/machine/", c -> Reply.status(503));
        FetchContext c = FetchContext.builder(SysRoot.of(root)).cmdline(KernelCmdline.parse("")).endpoint(imds.base())
                .wireserver(wire.base()).clock(time).sleeper(time).random(new Random(3)).timeout(Duration.ofSeconds(20))
                .policy(RetryPolicy.azure().withAttemptTimeout(Duration.ofMillis(500))).build();
        assertThat(new AzureFetcher().report(c, new FetchResult.NoConfigSource("x")))
                .hasValueSatisfying(w -> assertThat(w).contains("Ready report failed").contains("HTTP 503"));
    }

    @Test
    void recordedGoalStatesParse() throws Exception {
        for (String f : new String[] {"afterburn__azure__wireserver-goalstate.xml", "afterburn__azure__wireserver-goalstate-no-certs.xml",
                "walinuxagent__tests_data_wire__goal_state.xml"}) {
            var gs = AzureWireServer.parseGoalState(Files.readAllBytes(Fixtures.sharedFixture("cloud/" + f)));
            assertThat(gs.incarnation()).isNotBlank();
            assertThat(gs.containerId()).isNotBlank();
        }
        var gs = AzureWireServer.parseGoalState(Files.readAllBytes(Fixtures.sharedFixture("cloud/walinuxagent__tests_data_wire__goal_state.xml")));
        assertThat(gs).isEqualTo(new AzureWireServer.GoalState("1", "c6d5526c-5ac2-4200-b6e2-56f2b70c5ab2", "MachineRole_IN_0"));
    }

    @Test
    void externalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Environment><LinuxProvisioningConfigurationSet><CustomData>&x;</CustomData></LinuxProvisioningConfigurationSet></Environment>";
        assertThatThrownBy(() -> AzureProvisioningMedia.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(XmlException.class).hasMessageContaining("DOCTYPE");
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><a>&lol2;</a>";
        assertThatThrownBy(() -> SafeXml.parse(bomb.getBytes(StandardCharsets.UTF_8), "x")).isInstanceOf(XmlException.class);
    }

    @Test
    void macAndResourceGroupNormalisation() {
        assertThat(AzureFetcher.mac("000D3A047598")).isEqualTo("00:0d:3a:04:75:98");
        assertThat(AzureFetcher.lowerResourceGroup("/subscriptions/S/resourceGroups/MyRG/providers/x/vm"))
                .isEqualTo("/subscriptions/S/resourceGroups/myrg/providers/x/vm");
    }
}
