package dev.bronze.platform.clouds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bronze.platform.akamai.AkamaiFetcher;
import dev.bronze.platform.alibabacloud.AlibabaCloudFetcher;
import dev.bronze.platform.digitalocean.DigitalOceanFetcher;
import dev.bronze.platform.equinixmetal.EquinixMetalFetcher;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Fetchers;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.hcloud.HetznerFetcher;
import dev.bronze.platform.opennebula.OpenNebulaFetcher;
import dev.bronze.platform.oracle.OracleFetcher;
import dev.bronze.platform.scaleway.ScalewayFetcher;
import dev.bronze.platform.sim.Contexts;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.platform.sim.MetadataSimulator.Reply;
import dev.bronze.platform.upcloud.UpCloudFetcher;
import dev.bronze.platform.vultr.VultrFetcher;
import dev.bronze.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clouds whose metadata is one document: every recorded capture parses with the right values. */
class SmallCloudsTest {

    @TempDir
    Path root;
    MetadataSimulator sim;
    FakeTime time = new FakeTime();
    ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        sim = new MetadataSimulator();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    FetchContext ctx() {
        return Contexts.builder(root, "", sim.base(), time).build();
    }

    String fixture(String name) throws Exception {
        return Files.readString(Fixtures.sharedFixture("cloud/" + name));
    }

    JsonNode tree(String name) throws Exception {
        return json.readTree(fixture(name));
    }

    @Test
    void everyPlatformOfDetectionIsRegistered() {
        assertThat(Fetchers.names()).contains("aws", "gcp", "azure", "vmware", "metal", "rpi", "nocloud", "openstack",
                "digital-ocean", "hcloud", "oracle", "upcloud", "vultr", "scaleway", "exoscale", "akamai", "alibabacloud",
                "cloudstack", "equinixMetal", "opennebula");
        assertThat(Fetchers.find("packet")).map(PlatformFetcher::platform).contains("equinixMetal");
        assertThat(Fetchers.find("EQUINIXMETAL")).isPresent();
        assertThat(Fetchers.find("nope")).isEmpty();
    }

    @Test
    void digitalOcean() throws Exception {
        sim.route("GET", "/metadata/v1.json", c -> Reply.json(uncheck(() -> fixture("cloud-init__test_digitalocean__metadata-v1.json"))));
        sim.get("/metadata/v1/user-data", "userdata goes here");
        Metadata m = new DigitalOceanFetcher().metadata(ctx());
        assertThat(m.instanceId()).isEqualTo("22532410");
        assertThat(m.hostname()).isEqualTo("utl-96268");
        assertThat(m.region()).isEqualTo("nyc3");
        assertThat(m.providerId()).isEqualTo("digitalocean://22532410");
        assertThat(m.externalIPs()).containsExactly("192.0.0.20", "2604:a880:0800:0000:1000:0000:0000:0000");
        assertThat(m.network().links()).extracting(l -> l.name() + "/" + l.mac()).containsExactly("eth0/04:01:57:d1:9e:01", "eth1/04:01:57:d1:9e:02");
        assertThat(m.network().addresses()).extracting(a -> a.cidr()).contains("192.0.0.20/24", "10.132.6.205/16", "10.0.0.5/16");
        assertThat(m.network().resolvers()).containsExactly("2001:4860:4860::8844", "2001:4860:4860::8888", "8.8.8.8");
        assertThat(new DigitalOceanFetcher().userData(ctx())).isInstanceOf(FetchResult.Found.class);
    }

    @Test
    void hetznerBothCaptures() throws Exception {
        YAMLMapper y = new YAMLMapper();
        Metadata a = HetznerFetcher.fromYaml(y.readTree(fixture("afterburn__hetzner__metadata.yaml")),
                y.readTree(fixture("afterburn__hetzner__private-networks.yaml")));
        assertThat(a.instanceId()).isEqualTo("42");
        assertThat(a.hostname()).isEqualTo("my-server");
        assertThat(a.region()).isEqualTo("eu-central");
        assertThat(a.zone()).isEqualTo("hel1-dc2");
        assertThat(a.providerId()).isEqualTo("hcloud://42");
        assertThat(a.externalIPs()).containsExactly("1.2.3.4");
        assertThat(a.network().addresses()).extracting(x -> x.cidr()).contains("0a00:0a0:a000:a000::1/64", "10.0.0.2/24", "10.128.0.2/16");
        assertThat(a.network().routes()).extracting(r -> r.gateway()).contains("aa11::1");
        Metadata b = HetznerFetcher.fromYaml(y.readTree(fixture("cloud-init__test_hetzner__metadata.yaml")),
                y.readTree(fixture("cloud-init__test_hetzner__metadata-private-networks.yaml")));
        assertThat(b.instanceId()).isEqualTo("123456");
        assertThat(b.hostname()).isEqualTo("cloudinit-test");
        assertThat(b.externalIPs()).containsExactly("192.168.0.2");
        assertThat(b.network().links()).extracting(l -> l.mac()).contains("96:00:00:08:19:da");
        assertThat(b.network().resolvers()).contains("185.12.64.1", "185.12.64.2");
    }

    @Test
    void hetznerUserDataAnd204() throws Exception {
        sim.route("GET", "/hetzner/v1/userdata", c -> Reply.status(204));
        assertThat(new HetznerFetcher().userData(ctx())).isInstanceOf(FetchResult.NoConfigSource.class);
        String ud = fixture("cloud-init__test_hetzner__userdata.txt");
        sim.get("/hetzner/v1/userdata", ud);
        assertThat(new HetznerFetcher().userData(ctx())).isInstanceOf(FetchResult.Found.class);
    }

    @Test
    void oracleWithBearerHeader() throws Exception {
        sim.rule(c -> "Bearer Oracle".equals(c.header("Authorization")) ? null : Reply.status(401));
        sim.route("GET", "/opc/v2/instance/", c -> Reply.json(uncheck(() -> fixture("cloud-init__test_oracle__opc-instance.json"))));
        sim.route("GET", "/opc/v2/vnics/", c -> Reply.json(uncheck(() -> fixture("cloud-init__test_oracle__opc-v1-vnics-vm-secondary.json"))));
        sim.get("/opc/v2/instance/metadata/user_data", "IyEvYmluL3NoCnRvdWNoIC90bXAvZm9v");
        Metadata m = new OracleFetcher().metadata(ctx());
        assertThat(m.instanceId()).startsWith("ocid1.instance.oc1.phx.");
        assertThat(m.hostname()).isEqualTo("instance-20200320-1400");
        assertThat(m.region()).isEqualTo("us-phoenix-1");
        assertThat(m.zone()).isEqualTo("qIZq:PHX-AD-1");
        assertThat(m.instanceType()).isEqualTo("VM.Standard2.1");
        assertThat(m.network().links()).extracting(l -> l.mac()).containsExactly("02:00:17:05:d1:db", "00:00:17:02:2b:b1");
        assertThat(m.network().addresses()).extracting(a -> a.link() + " " + a.cidr()).containsExactly("eth1 10.0.0.231/24");
        FetchResult r = new OracleFetcher().userData(ctx());
        assertThat(r).isInstanceOfSatisfying(FetchResult.Found.class,
                f -> assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("#!/bin/sh\ntouch /tmp/foo"));
        for (String v : List.of("cloud-init__test_oracle__opc-v1-vnics-baremetal-secondary.json", "cloud-init__test_oracle__opc-vnics-vm-dual-stack-secondary.json")) {
            Metadata mm = OracleFetcher.fromJson(tree("cloud-init__test_oracle__opc-instance.json"), tree(v));
            assertThat(mm.network().links()).as(v).isNotEmpty();
        }
    }

    @Test
    void upcloud() throws Exception {
        Metadata m = UpCloudFetcher.fromJson(tree("cloud-init__test_upcloud__metadata-v1.json"));
        assertThat(m.instanceId()).isEqualTo("00322b68-0096-4042-9406-faad61922128");
        assertThat(m.hostname()).isEqualTo("test.example.com");
        assertThat(m.region()).isEqualTo("fi-hel2");
        assertThat(m.providerId()).isEqualTo("upcloud://00322b68-0096-4042-9406-faad61922128");
        assertThat(m.externalIPs()).contains("94.237.105.53", "94.237.105.50");
        assertThat(m.network().links().get(0).mac()).isEqualTo("3a:d6:ba:4a:36:e7");
        assertThat(m.network().resolvers()).contains("94.237.127.9", "94.237.40.9");
    }

    @Test
    void vultrBothCaptures() throws Exception {
        Metadata a = VultrFetcher.fromJson(tree("cloud-init__test_vultr__v1-single-nic.json"));
        assertThat(a.instanceId()).isEqualTo("29bea708-2e6e-480a-90ad-0e6b5d5ad62f");
        assertThat(a.hostname()).isEqualTo("CLOUDINIT_1");
        assertThat(a.region()).isEqualTo("EWR");
        assertThat(a.externalIPs()).containsExactly("108.61.89.242", "2001:19f0:5:56c2:5400:03ff:fe15:c465");
        Metadata b = VultrFetcher.fromJson(tree("cloud-init__test_vultr__v1-public-private-nic.json"));
        assertThat(b.network().links()).hasSize(2);
        assertThat(b.network().addresses()).isNotEmpty();
    }

    @Test
    void scalewayCapture() throws Exception {
        Metadata m = ScalewayFetcher.fromJson(tree("cloud-init__test_scaleway__conf-format-json.json"));
        assertThat(m.instanceId()).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(m.hostname()).isEqualTo("scaleway.host");
        assertThat(m.zone()).isEqualTo("fr-par-1");
        assertThat(m.region()).isEqualTo("fr-par");
        assertThat(m.providerId()).isEqualTo("scaleway://instance/fr-par-1/00000000-0000-0000-0000-000000000000");
        assertThat(m.tags()).containsEntry("AUTHORIZED_KEY", "ssh-rsa_AAAAB3NzaC1yc2EAAAADAQABDDDDD");
    }

    @Test
    void alibabaCapture() throws Exception {
        JsonNode d = tree("cloud-init__test_aliyun__meta-data.json");
        Map<String, String> keys = Map.of("instance-id", "instance-id", "region-id", "region-id", "hostname", "hostname",
                "instance/instance-type", "/instance/instance-type", "zone-id", "zone-id", "eipv4", "eipv4", "mac", "mac");
        keys.forEach((path, ptr) -> {
            JsonNode v = ptr.startsWith("/") ? d.at(ptr) : d.get(ptr);
            sim.get("/latest/meta-data/" + path, v.asText());
        });
        Metadata m = new AlibabaCloudFetcher().metadata(ctx());
        assertThat(m.instanceId()).isEqualTo("i-bp15ojxppkmsnyjxxxxx");
        assertThat(m.region()).isEqualTo("cn-hangzhou");
        assertThat(m.zone()).isEqualTo("cn-hangzhou-j");
        assertThat(m.instanceType()).isEqualTo("ecs.g8i.large");
        assertThat(m.hostname()).isEqualTo("aliyun-test-vm-00");
        assertThat(m.externalIPs()).containsExactly("121.66.77.88");
        assertThat(m.providerId()).isEqualTo("cn-hangzhou.i-bp15ojxppkmsnyjxxxxx");
        assertThat(m.network().links().get(0).mac()).isEqualTo("00:16:3e:14:59:58");
    }

    @Test
    void equinixMetalCaptureNeedsAcceptHeader() throws Exception {
        sim.rule(c -> "*/*".equals(c.header("Accept")) ? null : Reply.status(406));
        sim.route("GET", "/metadata", c -> Reply.json(uncheck(() -> fixture("afterburn__packet__metadata.json"))));
        Metadata m = new EquinixMetalFetcher().metadata(ctx());
        assertThat(m.instanceId()).isEqualTo("test-id");
        assertThat(m.hostname()).isEqualTo("test-hostname");
        assertThat(m.instanceType()).isEqualTo("test-plan");
        assertThat(m.zone()).isEqualTo("test-facility");
        assertThat(m.externalIPs()).contains("147.0.0.1", "2604:1380::1");
        assertThat(m.network().addresses()).extracting(a -> a.cidr()).contains("147.0.0.1/31");
    }

    @Test
    void akamaiTokenFlow() {
        sim.route("PUT", "/v1/token", c -> "3600".equals(c.header("Metadata-Token-Expiry-Seconds")) ? Reply.ok("tok") : Reply.status(400));
        sim.rule(c -> c.path().equals("/v1/token") || "tok".equals(c.header("Metadata-Token")) ? null : Reply.status(401));
        sim.get("/v1/user-data", Base64.getEncoder().encodeToString("machine: {}\n".getBytes(StandardCharsets.UTF_8)));
        sim.route("GET", "/v1/instance", c -> Reply.json("{\"id\":123,\"label\":\"linode123\",\"region\":\"us-ord\",\"type\":\"g6-standard-2\",\"tags\":[\"a\"]}"));
        sim.route("GET", "/v1/network", c -> Reply.json("{\"ipv4\":{\"public\":[\"172.233.0.5/32\"]},\"ipv6\":{\"slaac\":\"2600:3c06::1/128\"}}"));
        assertThat(new AkamaiFetcher().userData(ctx())).isInstanceOfSatisfying(FetchResult.Found.class,
                f -> assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("machine: {}\n"));
        Metadata m = new AkamaiFetcher().metadata(ctx());
        assertThat(m.providerId()).isEqualTo("linode://123");
        assertThat(m.externalIPs()).containsExactly("172.233.0.5", "2600:3c06::1");
    }

    @Test
    void openNebulaContextIsParsedNotExecuted() throws Exception {
        String sh = "# Context variables generated by OpenNebula\nDISK_ID='1'\nETH0_IP='10.0.0.5'\nETH0_MASK='255.255.255.0'\n"
                + "ETH0_GATEWAY='10.0.0.1'\nETH0_MAC='02:00:0a:00:00:05'\nETH0_DNS='10.0.0.2 10.0.0.3'\nSET_HOSTNAME='one-5'\n"
                + "USERDATA_ENCODING='base64'\nUSER_DATA='" + Base64.getEncoder().encodeToString("machine: {}\n".getBytes(StandardCharsets.UTF_8)) + "'\n"
                + "EVIL='$(reboot)'\nQUOTED='it'\\''s'\n";
        Contexts.volumeFile(root, "CONTEXT", "context.sh", sh.getBytes(StandardCharsets.UTF_8));
        assertThat(OpenNebulaFetcher.parse(sh)).containsEntry("EVIL", "$(reboot)").containsEntry("QUOTED", "it's");
        assertThat(new OpenNebulaFetcher().userData(ctx())).isInstanceOf(FetchResult.Found.class);
        Metadata m = new OpenNebulaFetcher().metadata(ctx());
        assertThat(m.hostname()).isEqualTo("one-5");
        assertThat(m.network().addresses()).extracting(a -> a.cidr()).containsExactly("10.0.0.5/24");
        assertThat(m.network().resolvers()).containsExactly("10.0.0.2", "10.0.0.3");
    }

    interface Io<T> {
        T get() throws Exception;
    }

    static <T> T uncheck(Io<T> s) {
        try {
            return s.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
