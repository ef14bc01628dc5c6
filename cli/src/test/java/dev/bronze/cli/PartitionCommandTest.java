package dev.bronze.cli;

import static dev.bronze.testing.DiskPeers.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.testing.DiskPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionCommandTest {

    @TempDir
    Path dir;

    @Test
    void dryRunPrintsThePlanAsOneJsonDocumentAndCreatesNothing() throws Exception {
        Path img = dir.resolve("d.img");
        MainTest.Run r = MainTest.run("partition", "--image", img.toString(), "--size", "2GiB", "--layout", "bios",
                "--dry-run", "--json", "--seed", "s");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.exists(img)).isFalse();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("dryRun").asBoolean()).isTrue();
        assertThat(doc.get("applied").asBoolean()).isFalse();
        JsonNode parts = doc.get("plan").get("partitions");
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).get("label").asText()).isEqualTo("EFI");
        assertThat(parts.get(0).get("size").asLong()).isEqualTo(1L << 30);
        assertThat(parts.get(1).get("type").asText()).isEqualTo("bios-boot");
        assertThat(parts.get(1).get("attributes").asLong()).isEqualTo(4);
        assertThat(parts.get(2).get("offset").asLong()).isEqualTo((1L << 30) + (2L << 20));
        assertThat(doc.get("plan").get("wipes").toString()).contains("format EFI as vfat");
    }

    @Test
    void writesAnImageRefusesToOverwriteItWithoutForceAndSfdiskAgrees() throws Exception {
        Path img = dir.resolve("w.img");
        MainTest.Run first = MainTest.run("partition", "--image", img.toString(), "--size", "1GiB", "--seed", "w");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("partitioned").contains("EFI").contains("META");
        JsonNode t = new ObjectMapper().readTree(run("sfdisk", "--json", img.toString()).ok().out()).get("partitiontable");
        assertThat(t.get("partitions")).hasSize(2);
        assertThat(t.get("partitions").get(1).get("name").asText()).isEqualTo("META");

        MainTest.Run again = MainTest.run("partition", "--image", img.toString(), "--layout", "rpi");
        assertThat(again.code()).isEqualTo(4);
        assertThat(again.err()).startsWith("bronze: image ").contains("is not empty (GPT with 2 partitions: EFI (vfat), META)")
                .contains("--force");
        assertThat(again.out()).isEmpty();

        MainTest.Run grownDry = MainTest.run("partition", "--image", img.toString(), "--size", "2GiB", "--dry-run");
        assertThat(grownDry.code()).as(grownDry.err()).isZero();
        assertThat(grownDry.out()).contains("(2 GiB").contains("now on it: GPT with 2 partitions");
        assertThat(Files.size(img)).isEqualTo(1L << 30);

        MainTest.Run forced = MainTest.run("partition", "--image", img.toString(), "--layout", "rpi", "--force", "--json");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(new ObjectMapper().readTree(forced.out()).get("plan").get("existing").get("table").asText()).isEqualTo("gpt");
        JsonNode dos = new ObjectMapper().readTree(run("sfdisk", "--json", img.toString()).ok().out()).get("partitiontable");
        assertThat(dos.get("label").asText()).isEqualTo("dos");
        assertThat(run("sgdisk", "-v", img.toString()).out()).doesNotContain("EFI PART");
    }

    @Test
    void aDiskTooSmallForTwoBootSlotsIsAClearRefusal() {
        MainTest.Run r = MainTest.run("partition", "--image", dir.resolve("s.img").toString(), "--size", "200MiB",
                "--dry-run");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("too small for layout uefi").contains("two boot slots of 160 MiB");
        MainTest.Run smaller = MainTest.run("partition", "--image", dir.resolve("s.img").toString(), "--size", "200MiB",
                "--slot-payload", "64MiB", "--dry-run", "--json");
        assertThat(smaller.code()).as(smaller.err()).isZero();
        MainTest.Run k4 = MainTest.run("partition", "--image", dir.resolve("s.img").toString(), "--size", "200MiB",
                "--slot-payload", "64MiB", "--sector-size", "4096", "--dry-run");
        assertThat(k4.code()).isEqualTo(1);
        assertThat(k4.err()).contains("260 MiB");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(MainTest.run("partition", "--image", dir.resolve("n.img").toString()).code()).isEqualTo(2);
        assertThat(MainTest.run("partition", "--image", "a", "--disk", "/dev/null").code()).isEqualTo(2);
        MainTest.Run bad = MainTest.run("partition", "--image", dir.resolve("n.img").toString(), "--size", "lots");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("\"lots\" is not a size");
    }

    @Test
    void aMountedDiskIsRefusedBeforeItIsOpened() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("sys/class/block/sdz/sdz1"));
        Files.writeString(root.resolve("sys/class/block/sdz/dev"), "8:240\n");
        Files.writeString(root.resolve("sys/class/block/sdz/ro"), "0\n");
        Files.writeString(root.resolve("sys/class/block/sdz/sdz1/dev"), "8:241\n");
        Files.writeString(root.resolve("sys/class/block/sdz/sdz1/partition"), "1\n");
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/mountinfo"),
                "29 1 8:241 / /var/lib/data rw,relatime shared:1 - ext4 /dev/sdz1 rw\n");
        Path node = dir.resolve("sdz");
        Files.createFile(node);
        MainTest.Run r = MainTest.run("partition", "--disk", node.toString(), "--root", root.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("/dev/sdz1 is mounted on /var/lib/data");
    }

    @Test
    @Tag("root")
    void partitionsALoopDeviceAndTheKernelSeesThePartitions() throws Exception {
        DiskPeers.requireRoot();
        for (int ss : new int[] {512, 4096}) {
            Path img = dir.resolve("loop" + ss + ".img");
            try (var f = dev.bronze.hardware.block.ImageFile.create(img, 2L << 30, ss)) {
                // sparse
            }
            String dev = run("losetup", "-f", "--show", "-P", "-b", String.valueOf(ss), img.toString()).ok().out().strip();
            try {
                MainTest.Run r = MainTest.run("partition", "--disk", dev, "--layout", "bios", "--state", "--json");
                assertThat(r.code()).as(r.err()).isZero();
                JsonNode doc = new ObjectMapper().readTree(r.out());
                assertThat(doc.get("plan").get("sectorSize").asInt()).isEqualTo(ss);
                assertThat(doc.get("steps").toString()).contains("the kernel");
                String name = Path.of(dev).getFileName().toString();
                // STATE (formatted through the disk, not the node) is what the kernel's node shows.
                assertThat(run("blkid", "-p", "-o", "value", "-s", "LABEL", dev + "p4").out().strip()).isEqualTo("STATE");
                for (int n = 1; n <= 4; n++) {
                    assertThat(Path.of("/sys/class/block/" + name + "/" + name + "p" + n)).exists();
                }
                assertThat(Files.readString(Path.of("/sys/class/block/" + name + "/" + name + "p1/size")).strip())
                        .isEqualTo(String.valueOf((1L << 30) / 512));
                assertThat(run("blkid", "-p", "-o", "value", "-s", "TYPE", dev + "p1").out().strip()).isEqualTo("vfat");
                DiskPeers.Result v = run("sgdisk", "-v", dev);
                assertThat(v.out()).contains("No problems found");
                MainTest.Run mismatch = MainTest.run("partition", "--disk", dev, "--sector-size",
                        ss == 512 ? "4096" : "512", "--dry-run");
                assertThat(mismatch.code()).isEqualTo(2);
                MainTest.Run busy = MainTest.run("partition", "--disk", dev, "--layout", "uefi");
                assertThat(busy.code()).isEqualTo(4);
                assertThat(busy.err()).contains("is not empty");
            } finally {
                run("losetup", "-d", dev);
            }
        }
    }
}
