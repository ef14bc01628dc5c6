package dev.bronze.platform.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.NetworkConfig;
import dev.bronze.platform.sim.Contexts;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenStackFetcherTest {

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

    static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(Fixtures.sharedFixture("cloud/" + name));
    }

    @Test
    void configDriveFirstAndTheServiceIsNotContacted() throws Exception {
        Contexts.volumeFile(root, "config-2", "openstack/latest/meta_data.json", fixture("afterburn__openstack-config-drive__openstack__meta_data.json"));
        Contexts.volumeFile(root, "config-2", "openstack/latest/network_data.json", fixture("cloud-init__test_configdrive__network_data.json"));
        Contexts.volumeFile(root, "config-2", "openstack/latest/user_data", "machine: {}\n".getBytes(StandardCharsets.UTF_8));
        var ctx = Contexts.builder(root, "", sim.base(), time).build();
        assertThat(new OpenStackFetcher().userData(ctx)).isInstanceOf(FetchResult.Found.class);
        Metadata m = new OpenStackFetcher().metadata(ctx);
        assertThat(m.instanceId()).isEqualTo("b3c7f4de-da0b-44ae-a42c-fa3806b61d7f");
        assertThat(m.hostname()).isEqualTo("abai-fcos-afterburn-test");
        assertThat(m.zone()).isEqualTo("nova");
        assertThat(m.providerId()).isEqualTo("openstack:///b3c7f4de-da0b-44ae-a42c-fa3806b61d7f");
        assertThat(m.network().links()).extracting(l -> l.name() + "/" + l.mac())
                .containsExactly("eth0/fa:16:3e:69:b0:58", "eth1/fa:16:3e:d4:57:ad", "nic0/fa:16:3e:05:30:fe");
        assertThat(m.network().operators()).extracting(o -> o.link() + ":" + o.kind()).containsExactly("eth0:dhcp4", "eth1:dhcp4", "nic0:dhcp4");
        assertThat(m.network().resolvers()).containsExactly("199.204.44.24", "199.204.47.54");
        assertThat(sim.calls()).isEmpty();
    }

    @Test
    void metadataServiceWhenNoDrive() throws Exception {
        sim.get("/openstack/latest/meta_data.json", new String(fixture("afterburn__openstack-metadata__2012-08-10__meta_data.json"), StandardCharsets.UTF_8));
        sim.get("/latest/meta-data/public-ipv4", "203.0.113.7");
        sim.get("/latest/meta-data/instance-type", "m1.small");
        var ctx = Contexts.builder(root, "", sim.base(), time).build();
        Metadata m = new OpenStackFetcher().metadata(ctx);
        assertThat(m.instanceId()).isEqualTo("99dcf33b-6eb5-4acf-9abb-d81723e0c949");
        assertThat(m.hostname()).isEqualTo("mule");
        assertThat(m.externalIPs()).containsExactly("203.0.113.7");
        assertThat(m.instanceType()).isEqualTo("m1.small");
        assertThat(new OpenStackFetcher().userData(ctx)).isInstanceOf(FetchResult.NoConfigSource.class);
    }

    @Test
    void recordedEc2CompatibleKeysOfTheService() throws Exception {
        sim.get("/openstack/latest/meta_data.json", new String(fixture("cloud-init__test_openstack__meta_data.json"), StandardCharsets.UTF_8));
        var ec2 = new ObjectMapper().readTree(fixture("cloud-init__test_openstack__ec2-meta-data.json"));
        ec2.fields().forEachRemaining(e -> sim.get("/latest/meta-data/" + e.getKey(), e.getValue().asText()));
        Metadata m = new OpenStackFetcher().metadata(Contexts.builder(root, "", sim.base(), time).build());
        assertThat(m.instanceId()).isEqualTo("b0fa911b-69d4-4476-bbe2-1c92bff6535c");
        assertThat(m.instanceType()).isEqualTo("m1.tiny");
        assertThat(m.externalIPs()).containsExactly("0.0.0.1");
        // The config drive's ec2 capture has an empty public-ipv4: no external IP is invented.
        var drive = new ObjectMapper().readTree(fixture("afterburn__openstack-config-drive__ec2__meta-data.json"));
        sim.get("/latest/meta-data/public-ipv4", drive.get("public-ipv4").asText());
        sim.get("/latest/meta-data/instance-type", drive.get("instance-type").asText());
        Metadata d = new OpenStackFetcher().metadata(Contexts.builder(root, "", sim.base(), time).build());
        assertThat(d.externalIPs()).isEmpty();
        assertThat(d.instanceType()).isEqualTo("m1.small");
    }

    @Test
    void everyRecordedMetaDataParses() throws Exception {
        ObjectMapper om = new ObjectMapper();
        String[][] cases = {
            {"cloud-init__test_openstack__meta_data.json", "b0fa911b-69d4-4476-bbe2-1c92bff6535c", "sm-foo-test.novalocal"},
            {"afterburn__openstack-config-drive2__latest__meta_data.json", "b3f43d9c-9198-4cd4-ac9f-bed14960794b", null},
            {"afterburn__kubevirt__config-drive__meta_data.json", "5d307ca9-b3ef-428c-8861-06e72d69f223", "test_instance-kubevirt.foo.cloud"},
            {"afterburn__powervs__meta_data.json", "1c0c0bb6-8dcd-4966-ad80-946b871814f1", "test-tf-pvm.power-iaas.cloud.ibm.com"},
            {"afterburn__ibmcloud-classic__meta_data.json", "3c9085db-3eba-4ef2-9d97-d3ffcff6fffe", "rh-lbruno-classic01.example.cloud"},
        };
        for (String[] c : cases) {
            Metadata.Builder b = Metadata.builder("openstack");
            OpenStackMetadata.metaData(om.readTree(fixture(c[0])), b);
            Metadata m = b.build();
            assertThat(m.instanceId()).as(c[0]).isEqualTo(c[1]);
            assertThat(m.hostname()).as(c[0]).isEqualTo(c[2]);
        }
        Metadata.Builder b = Metadata.builder("openstack");
        OpenStackMetadata.metaData(om.readTree(fixture("cloud-init__test_openstack__meta_data.json")), b);
        assertThat(b.build().tags()).containsEntry("my-meta", "my-value");
        Metadata.Builder k = Metadata.builder("openstack");
        OpenStackMetadata.metaData(om.readTree(fixture("afterburn__kubevirt__config-drive__meta_data.json")), k);
        assertThat(k.build().instanceType()).isEqualTo("some_type");
    }

    @Test
    void bondAndVlanNetworkData() throws Exception {
        NetworkConfig n = OpenStackMetadata.networkData(new ObjectMapper().readTree(fixture("cloud-init__test_configdrive__network_data_bond.json")));
        assertThat(n.links()).anySatisfy(l -> assertThat(l.kind()).isEqualTo("bond"));
        assertThat(n.links()).anySatisfy(l -> {
            assertThat(l.kind()).isEqualTo("vlan");
            assertThat(l.vlanId()).isNotNull();
            assertThat(l.parent()).isNotNull();
        });
        assertThat(n.addresses()).extracting(a -> a.cidr()).contains("2.2.2.13/29", "10.0.1.5/29");
        assertThat(n.routes()).extracting(r -> r.destination() + " " + r.gateway()).contains("0.0.0.0/0 2.2.2.9");
        assertThat(n.resolvers()).containsExactly("1.1.1.191", "1.1.1.4");
        NetworkConfig ibm = OpenStackMetadata.networkData(new ObjectMapper().readTree(fixture("afterburn__ibmcloud-classic__network_data.json")));
        assertThat(ibm.links()).isNotEmpty();
        assertThat(ibm.addresses()).isNotEmpty();
    }
}
