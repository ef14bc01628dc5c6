package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.hardware.SysRoot;
import dev.bronze.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * util-linux's lsblk reads the same sysfs, mountinfo and swaps; it is the peer our discovery must
 * agree with, on each fixture tree ({@code lsblk --sysroot}) and on this machine. Fields lsblk
 * leaves empty in a sysroot (it takes serials and WWNs from udev) are compared only where it has them.
 */
class LsblkPeerTest {

    private static final Set<String> VIRTUAL_TYPES = Set.of("loop", "crypt", "lvm", "dm", "raid0", "raid1", "raid4",
            "raid5", "raid6", "raid10", "md", "mpath", "linear");

    @ParameterizedTest
    @ValueSource(strings = {"workstation", "qemu-virtio", "rpi-cm4", "server-lvm-md", "aws-nitro", "qemu-real", "(host)"})
    void discoveryAgreesWithLsblk(String tree) throws Exception {
        boolean host = tree.equals("(host)");
        Path dir = host ? null : Fixtures.vector("disks/" + tree);
        List<String> cmd = new ArrayList<>(List.of("lsblk", "--json", "--bytes", "--output",
                "NAME,KNAME,SIZE,LOG-SEC,PHY-SEC,RO,RM,ROTA,TRAN,MODEL,SERIAL,TYPE,MOUNTPOINTS"));
        if (!host) {
            cmd.addAll(List.of("--sysroot", dir.toString()));
        }
        JsonNode doc = new ObjectMapper().readTree(run(cmd));
        List<Disk> disks = Disks.discover(host ? SysRoot.host() : SysRoot.of(dir), true);
        Map<String, Disk> ours = new HashMap<>();
        Map<String, Partition> ourParts = new HashMap<>();
        for (Disk d : disks) {
            ours.put(d.name(), d);
            d.partitions().forEach(p -> ourParts.put(p.name(), p));
        }

        Set<String> seen = new HashSet<>();
        for (JsonNode dev : doc.get("blockdevices")) {
            String name = dev.get("kname").asText();
            seen.add(name);
            Disk d = ours.get(name);
            assertThat(d).as("lsblk lists %s", name).isNotNull();
            assertThat(d.sizeBytes()).as(name + " size").isEqualTo(dev.get("size").asLong());
            assertThat(d.logicalSectorSize()).as(name + " log-sec").isEqualTo(dev.get("log-sec").asInt());
            assertThat(d.physicalSectorSize()).as(name + " phy-sec").isEqualTo(dev.get("phy-sec").asInt());
            assertThat(d.readOnly()).as(name + " ro").isEqualTo(dev.get("ro").asBoolean());
            assertThat(d.removable()).as(name + " rm").isEqualTo(dev.get("rm").asBoolean());
            assertThat(d.rotational()).as(name + " rota").isEqualTo(dev.get("rota").asBoolean());
            assertThat(d.cdrom()).as(name + " rom").isEqualTo(dev.get("type").asText().equals("rom"));
            assertThat(d.virtual()).as(name + " virtual").isEqualTo(VIRTUAL_TYPES.contains(dev.get("type").asText())
                    || name.startsWith("zram") || name.startsWith("ram"));
            if (!dev.get("model").isNull()) {
                // lsblk shows the 16-character SCSI model of an ATA disk (or udev's full one, when udev
                // runs); we give the full ATA model from VPD page 0x89. One is the start of the other.
                String theirs = dev.get("model").asText().strip();
                assertThat(d.model().startsWith(theirs) || theirs.startsWith(d.model()) && !d.model().isEmpty())
                        .as(name + " model: ours " + d.model() + ", lsblk " + theirs).isTrue();
            }
            if (!dev.get("serial").isNull()) {
                assertThat(d.serial()).as(name + " serial").isEqualTo(dev.get("serial").asText().strip());
            }
            if (!dev.get("tran").isNull()) {
                assertThat(d.transport().label()).as(name + " tran").isEqualTo(dev.get("tran").asText());
            }
            assertThat(d.mountPoints()).as(name + " mount points").containsAll(mountPoints(dev, true));
            for (JsonNode child : children(dev)) {
                String cname = child.get("kname").asText();
                if (child.get("type").asText().equals("part")) {
                    Partition p = ourParts.get(cname);
                    assertThat(p).as("partition %s of %s", cname, name).isNotNull();
                    assertThat(d.partitions()).as(name + " partitions").contains(p);
                    assertThat(p.sizeBytes()).as(cname + " size").isEqualTo(child.get("size").asLong());
                    assertThat(p.mountPoints()).as(cname + " mount points")
                            .containsExactlyInAnyOrderElementsOf(mountPoints(child, false).stream()
                                    .filter(m -> !m.equals("[SWAP]")).toList());
                    // What lsblk stacks on a partition (crypt, lvm, raid) is a holder to us.
                    for (JsonNode upper : children(child)) {
                        assertThat(p.holders()).as(cname + " holders").isNotEmpty();
                        assertThat(d.inUse()).as(name + " in use through " + upper.get("kname").asText()).isTrue();
                    }
                    if (mountPoints(child, false).contains("[SWAP]")) {
                        assertThat(d.uses()).extracting(DiskUse::kind).contains(DiskUse.Kind.SWAP);
                    }
                } else {
                    assertThat(d.holders()).as(name + " holders").isNotEmpty();
                }
            }
            if (mountPoints(dev, false).contains("[SWAP]")) {
                assertThat(d.uses()).extracting(DiskUse::kind).contains(DiskUse.Kind.SWAP);
            }
        }
        // Every disk we report (that has a medium) is one lsblk reports too: nothing invented.
        addNames(doc.get("blockdevices"), seen);
        for (Disk d : disks) {
            if (d.sizeBytes() > 0 && !d.name().startsWith("ram")) {
                assertThat(seen).as("we list %s", d.name()).contains(d.name());
            }
        }
    }

    /** Mount points of a device and, with {@code deep}, of everything lsblk stacks on it. */
    private static List<String> mountPoints(JsonNode dev, boolean deep) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : dev.path("mountpoints")) {
            if (!m.isNull() && !m.asText().equals("[SWAP]") || !deep && !m.isNull()) {
                out.add(m.asText());
            }
        }
        if (deep) {
            for (JsonNode c : children(dev)) {
                out.addAll(mountPoints(c, true));
            }
        }
        return out;
    }

    private static void addNames(JsonNode devs, Set<String> names) {
        for (JsonNode d : devs) {
            names.add(d.get("kname").asText());
            addNames(d.path("children"), names);
        }
    }

    private static List<JsonNode> children(JsonNode dev) {
        List<JsonNode> out = new ArrayList<>();
        dev.path("children").forEach(out::add);
        return out;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + err).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
