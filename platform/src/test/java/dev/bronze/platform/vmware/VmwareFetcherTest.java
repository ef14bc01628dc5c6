package dev.bronze.platform.vmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.sim.Contexts;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.xml.XmlException;
import dev.bronze.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmwareFetcherTest {

    @TempDir
    Path root;
    FakeTime time = new FakeTime();
    Map<String, String> guestinfo = new HashMap<>();

    FetchResult userData() {
        return new VmwareFetcher().userData(Contexts.builder(root, "talos.config=guestinfo", null, time)
                .guestInfo(k -> Optional.ofNullable(guestinfo.get(k))).build());
    }

    Metadata metadata() {
        return new VmwareFetcher().metadata(Contexts.builder(root, "talos.config=guestinfo", null, time)
                .guestInfo(k -> Optional.ofNullable(guestinfo.get(k))).build());
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(FetchResult r) {
        return new String(((FetchResult.Found) r).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void talosConfigKeyWinsAndIsBase64Decoded() {
        guestinfo.put("talos.config", b64("machine: a\n"));
        guestinfo.put("userdata", b64("machine: b\n"));
        assertThat(text(userData())).isEqualTo("machine: a\n");
    }

    @Test
    void emptyKeysAreSkipped() {
        guestinfo.put("talos.config", "   ");
        guestinfo.put("userdata", b64("machine: b\n"));
        assertThat(text(userData())).isEqualTo("machine: b\n");
    }

    @Test
    void encodingKeysAreHonoured() throws Exception {
        var bo = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bo)) {
            gz.write("machine: gz\n".getBytes(StandardCharsets.UTF_8));
        }
        guestinfo.put("userdata", Base64.getMimeEncoder().encodeToString(bo.toByteArray()));
        guestinfo.put("userdata.encoding", "gzip+base64");
        FetchResult r = userData();
        assertThat(text(r)).isEqualTo("machine: gz\n");
        assertThat(((FetchResult.Found) r).decoding().toString()).isEqualTo("base64+gzip");
    }

    @Test
    void recordedPlainUserDataFromCloudInitIsUsedAsIs() throws Exception {
        guestinfo.put("userdata", Files.readString(Fixtures.sharedFixture("cloud/cloud-init__test_vmware__guestinfo-userdata.yaml")));
        assertThat(text(userData())).startsWith("## template: jinja\n#cloud-config");
    }

    @Test
    void ovfEnvPropertyIsUsedWhenNoDirectKey() throws Exception {
        String xml = Files.readString(Fixtures.sharedFixture("cloud/ignition__vmware__ovfenv-vsphere.xml"))
                .replace("<Property oe:key=\"bar\" oe:value=\"0\"/>",
                        "<Property oe:key=\"talos.config\" oe:value=\"" + b64("machine: ovf\n") + "\"/>");
        guestinfo.put("ovfenv", xml);
        FetchResult r = userData();
        assertThat(text(r)).isEqualTo("machine: ovf\n");
        assertThat(((FetchResult.Found) r).source()).contains("ovfenv");
    }

    @Test
    void ovfIsoTransportWorksWithoutTheBackdoor() throws Exception {
        Contexts.volumeFile(root, "OVF ENV", "ovf-env.xml",
                Files.readAllBytes(Fixtures.sharedFixture("cloud/cloud-init__doc_sources_ovf_example__ovf-env.xml")));
        FetchResult r = userData();
        assertThat(text(r)).isEqualTo("#!/bin/sh\necho \"hi world\"\n");
        assertThat(((FetchResult.Found) r).source()).contains("OVF ISO");
        Metadata m = metadata();
        assertThat(m.hostname()).isEqualTo("ubuntuhost");
        assertThat(m.instanceId()).isEqualTo("i-abcdefg");
        assertThat(m.network().operators()).extracting(o -> o.kind()).containsExactly("dhcp4");
    }

    @Test
    void nothingAnywhereIsNoConfigSource() {
        assertThat(userData()).isInstanceOf(FetchResult.NoConfigSource.class);
    }

    @Test
    void recordedGuestinfoMetadata() throws Exception {
        guestinfo.put("metadata", Files.readString(Fixtures.sharedFixture("cloud/cloud-init__test_vmware__guestinfo-metadata.yaml")));
        Metadata m = metadata();
        assertThat(m.instanceId()).isEqualTo("cloud-vm");
        assertThat(m.hostname()).isEqualTo("cloud-vm");
        assertThat(m.network().links()).singleElement().satisfies(l -> assertThat(l.name()).isEqualTo("ens*"));
        assertThat(m.network().operators()).extracting(o -> o.kind()).containsExactly("dhcp4");
    }

    @Test
    void base64MetadataWithEncodedNetwork() {
        String net = "version: 2\nethernets:\n  id0:\n    match:\n      macaddress: \"00:50:56:aa:bb:cc\"\n"
                + "    addresses: [10.0.0.5/24]\n    gateway4: 10.0.0.1\n    nameservers:\n      addresses: [10.0.0.2]\n";
        guestinfo.put("metadata", b64("instance-id: vm-1\nlocal-hostname: node1\nnetwork: " + b64(net) + "\nnetwork.encoding: base64\n"));
        guestinfo.put("metadata.encoding", "base64");
        Metadata m = metadata();
        assertThat(m.hostname()).isEqualTo("node1");
        assertThat(m.network().links()).singleElement().satisfies(l -> assertThat(l.mac()).isEqualTo("00:50:56:aa:bb:cc"));
        assertThat(m.network().addresses()).extracting(a -> a.cidr()).containsExactly("10.0.0.5/24");
        assertThat(m.network().routes()).singleElement().satisfies(r -> assertThat(r.gateway()).isEqualTo("10.0.0.1"));
        assertThat(m.network().resolvers()).containsExactly("10.0.0.2");
    }

    @Test
    void recordedOvfEnvironmentsParseWithNamespaceRules() throws Exception {
        OvfEnvironment vs = OvfEnvironment.parse(Files.readAllBytes(Fixtures.sharedFixture("cloud/ignition__vmware__ovfenv-vsphere.xml")));
        assertThat(vs.properties()).containsExactly(Map.entry("foo", "42"), Map.entry("bar", "0"));
        OvfEnvironment va = OvfEnvironment.parse(Files.readAllBytes(Fixtures.sharedFixture("cloud/ignition__vmware__ovfenv-vapprun.xml")));
        assertThat(va.get("guestinfo.user_data.url")).contains("https://gist.githubusercontent.com/sigma/5a64aac1693da9ca70d2/raw/plop.yaml");
        assertThat(va.get("guestinfo.user_data.doc")).isEmpty();
        OvfEnvironment cx = OvfEnvironment.parse(Files.readAllBytes(Fixtures.sharedFixture("cloud/ignition__vmware__ovfenv-delete-props-complex.xml")));
        // Only oe:key on OVF-namespace Property elements of an OVF-namespace PropertySection count.
        assertThat(cx.properties()).containsExactly(Map.entry("guestinfo.ignition.config.data", "remove"),
                Map.entry("guestinfo.ignition.config.data.encoding", "remove"), Map.entry("bar", "0"));
    }

    @Test
    void hostileOvfIsRefused() {
        assertThatThrownBy(() -> OvfEnvironment.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/shadow\">]><Environment>&e;</Environment>"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(XmlException.class);
        assertThatThrownBy(() -> OvfEnvironment.parse("<Environment".getBytes(StandardCharsets.UTF_8))).isInstanceOf(XmlException.class);
        assertThatThrownBy(() -> OvfEnvironment.parse("<Other/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(XmlException.class).hasMessageContaining("not an OVF Environment");
    }

    @Test
    void clearedMarkerCountsAsAbsent() {
        guestinfo.put("talos.config", "---");
        assertThat(userData()).isInstanceOf(FetchResult.NoConfigSource.class);
    }
}
