package dev.bronze.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.hardware.SysRoot;
import dev.bronze.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cloud-init's own detector as the peer: ds-identify runs on every fixture tree (PATH_ROOT) and,
 * wherever it positively names a datasource, our platform must be the same one, except in the
 * cases listed in {@link #KNOWN_DISAGREEMENTS}, where cloud-init is wrong on purpose-documented
 * grounds. The hypervisor it would ask systemd-detect-virt for is fed from the tree's expected
 * answer, and blkid is a stub that lists the tree's by-label links, because both would otherwise
 * describe this build machine rather than the tree.
 */
class DsIdentifyPeerTest {

    static final Path DS_IDENTIFY = Path.of("/usr/lib/cloud-init/ds-identify");

    /** cloud-init datasource name → Bronze platform id. */
    static final Map<String, String> DATASOURCES = Map.ofEntries(Map.entry("Ec2", "aws"), Map.entry("GCE", "gcp"),
            Map.entry("Azure", "azure"), Map.entry("OpenStack", "openstack"), Map.entry("ConfigDrive", "openstack"),
            Map.entry("NoCloud", "nocloud"), Map.entry("DigitalOcean", "digital-ocean"), Map.entry("Hetzner", "hcloud"),
            Map.entry("Oracle", "oracle"), Map.entry("Exoscale", "exoscale"), Map.entry("Scaleway", "scaleway"),
            Map.entry("UpCloud", "upcloud"), Map.entry("Vultr", "vultr"), Map.entry("Akamai", "akamai"),
            Map.entry("AliYun", "alibabacloud"), Map.entry("CloudStack", "cloudstack"), Map.entry("OpenNebula", "opennebula"),
            Map.entry("VMware", "vmware"), Map.entry("OVF", "vmware"));

    /** Trees where we disagree with ds-identify on purpose; each reason is in docs/detect.md. */
    static final Map<String, String> KNOWN_DISAGREEMENTS = Map.of(
            "rpi4-with-cidata", "the device tree names the board; cloud-init only sees the seed",
            "sap-ccloud-openstack-on-vmware", "needs vmware-rpctool for VMware; OpenStack tag is ours",
            "hostile-symlink-loops", "our stub blkid lists the loop names as labels too",
            "brightbox", "cloud-init reads Brightbox's EC2-compatible service; Talos has no brightbox id and "
                    + "Afterburn treats it as OpenStack, which its metadata also is");

    @TempDir
    Path tmp;

    @Test
    void agreesWithCloudInitWhereverItIsSure() throws Exception {
        assertThat(DS_IDENTIFY).as("ds-identify (apt package cloud-init, .ci/apt/detect.txt)").exists();
        Path bin = stubs();
        ObjectMapper json = new ObjectMapper();
        List<String> compared = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (Stream<Path> s = Files.list(Fixtures.vector("detect"))) {
            for (Path tree : s.filter(t -> Files.isRegularFile(t.resolve("expected.json"))).sorted().toList()) {
                JsonNode e = json.readTree(tree.resolve("expected.json").toFile());
                // Containers: cloud-init only knows one when systemd-detect-virt says so, and then
                // disables itself; Bronze names it from the markers (a Kubernetes pod has no others).
                if (e.has("error") || e.has("setup") || "container".equals(e.path("platform").asText())
                        || KNOWN_DISAGREEMENTS.containsKey(tree.getFileName().toString())) {
                    continue;
                }
                Path root = copy(tree.resolve("root"), tmp.resolve(tree.getFileName().toString()));
                String virt = e.path("hypervisor").isNull() ? "none" : e.path("hypervisor").asText("none");
                String ds = dsIdentify(root, bin, virt);
                if (ds == null) {
                    continue; // cloud-init disabled itself: nothing to compare
                }
                String ours = Detector.detect(SysRoot.of(tree.resolve("root"))).platform();
                String theirs = DATASOURCES.getOrDefault(ds, "?" + ds);
                compared.add(tree.getFileName() + ": " + ds);
                if (!ours.equals(theirs)) {
                    failures.add(tree.getFileName() + ": ds-identify says " + ds + ", we say " + ours);
                }
            }
        }
        assertThat(failures).as("compared: %s", compared).isEmpty();
        assertThat(compared).as("trees ds-identify had an answer for").hasSizeGreaterThan(25);
    }

    /** The single datasource ds-identify wrote, or null when it found none (or several). */
    private static String dsIdentify(Path root, Path bin, String virt) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", DS_IDENTIFY.toString(), "--force").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH_ROOT", root.toString());
        env.put("PATH", bin + ":/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("DI_LOG", "stderr");
        env.put("FAKE_VIRT", virt);
        env.put("FAKE_ROOT", root.toString());
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ds-identify hung on " + root);
        }
        Path cfg = root.resolve("run/cloud-init/cloud.cfg");
        if (!Files.exists(cfg)) {
            return null;
        }
        Matcher m = Pattern.compile("datasource_list: \\[ ?([A-Za-z0-9]+), None ?\\]").matcher(Files.readString(cfg));
        return m.find() ? m.group(1) : null;
    }

    /** systemd-detect-virt and blkid that describe the tree instead of this machine. */
    private Path stubs() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        write(bin.resolve("systemd-detect-virt"), "#!/bin/sh\necho \"$FAKE_VIRT\"\n[ \"$FAKE_VIRT\" != none ]\n");
        write(bin.resolve("blkid"), "#!/bin/sh\nd=\"$FAKE_ROOT/dev/disk/by-label\"\n[ -d \"$d\" ] || exit 2\n"
                + "for l in \"$d\"/*; do [ -L \"$l\" ] || continue; n=$(basename \"$l\")\n"
                + "printf 'DEVNAME=/dev/%s\\nLABEL=%s\\nTYPE=iso9660\\n\\n' \"$(basename \"$(readlink \"$l\")\")\" \"$n\"; done\n");
        return bin;
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createDirectories(dst.getParent());
                    Files.createSymbolicLink(dst, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, dst);
                }
            }
        }
        return to;
    }
}
