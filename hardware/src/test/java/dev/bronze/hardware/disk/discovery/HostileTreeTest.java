package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken or hostile trees: discovery reports what it can and never throws or loops. */
class HostileTreeTest {

    @TempDir
    Path root;

    private void write(String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void link(String rel, String target) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    @Test
    void garbageValuesBecomeDefaultsNotErrors() throws Exception {
        String d = "sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda";
        write(d + "/size", "lots\n");
        write(d + "/dev", "8:0\n");
        write(d + "/queue/logical_block_size", "-4096\n");
        write(d + "/queue/physical_block_size", "99999999999999999999\n");
        write(d + "/ro", "\u0001\u0002");
        write(d + "/removable", "x".repeat(100_000));
        link("sys/class/block/sda", "../../" + d.substring(4));
        // A partition whose start is beyond anything and a mountinfo line that lies.
        write(d + "/sda1/partition", "1\n");
        write(d + "/sda1/start", "9223372036854775807\n");
        write(d + "/sda1/size", "-1\n");
        write(d + "/sda1/dev", "8:1\n");
        link("sys/class/block/sda1", "../../" + d.substring(4) + "/sda1");
        write("proc/self/mountinfo", "1 1 8:1 / / rw - ext4\n2 2 8:1\n\u0000\u0000\n");
        write("proc/swaps", "Filename Type\n/dev/../../etc partition 1 0 -2\n");
        write("proc/cmdline", "root=PARTUUID= root=/dev/../../x\n");

        List<Disk> disks = Disks.discover(SysRoot.of(root));
        assertThat(disks).hasSize(1);
        Disk sda = disks.get(0);
        assertThat(sda.sizeBytes()).isZero();
        assertThat(sda.logicalSectorSize()).isEqualTo(512);
        assertThat(sda.physicalSectorSize()).isEqualTo(512);
        assertThat(sda.readOnly()).isFalse();
        assertThat(sda.unfit()).contains("no medium (size 0)");
        assertThat(sda.partitions()).singleElement().satisfies(p -> {
            assertThat(p.startBytes()).isZero();
            assertThat(p.sizeBytes()).isZero();
        });
        // The mountinfo line is malformed (no source): skipped, but the well-formed part of it is not trusted either.
        assertThat(sda.mountPoints()).isEmpty();
    }

    @Test
    void holderLoopsAndLinksOutOfTheTreeEnd() throws Exception {
        // dm-0 and dm-1 each claim the other as slave: a cycle no kernel makes, but a fixture could.
        for (String[] p : new String[][] {{"dm-0", "dm-1", "253:0"}, {"dm-1", "dm-0", "253:1"}}) {
            String d = "sys/devices/virtual/block/" + p[0];
            write(d + "/size", "8\n");
            write(d + "/dev", p[2] + "\n");
            link(d + "/slaves/" + p[1], "../../" + p[1]);
            link("sys/class/block/" + p[0], "../../devices/virtual/block/" + p[0]);
        }
        write("proc/self/mountinfo", "30 1 253:0 / / rw - ext4 /dev/dm-0 rw\n");
        link("sys/class/block/evil", "../../../../../../../../etc");
        link("dev/disk/by-id/evil", "../../../../../../etc/passwd");

        List<Disk> all = Disks.discover(SysRoot.of(root), true);
        assertThat(all).extracting(Disk::name).containsExactly("dm-0", "dm-1");
        assertThat(Disks.discover(SysRoot.of(root))).isEmpty();
    }
}
