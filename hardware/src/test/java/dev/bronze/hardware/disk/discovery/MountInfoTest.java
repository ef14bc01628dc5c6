package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountInfoTest {

    @Test
    void parsesOptionalFieldsAndOctalEscapes() {
        List<MountInfo.Mount> m = MountInfo.parse("""
                36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
                40 27 8:17 / /media/My\\040Disk rw,relatime shared:5 propagate_from:2 - vfat /dev/sdb1 rw
                41 27 0:45 / /var/lib/data rw,relatime - btrfs /dev/nvme0n1p3 rw,subvol=/data
                """);
        assertThat(m).containsExactly(
                new MountInfo.Mount(98, 0, "/mnt1", "/mnt2", "ext3", "/dev/root"),
                new MountInfo.Mount(8, 17, "/", "/media/My Disk", "vfat", "/dev/sdb1"),
                new MountInfo.Mount(0, 45, "/", "/var/lib/data", "btrfs", "/dev/nvme0n1p3"));
    }

    @Test
    void skipsMalformedLines() {
        assertThat(MountInfo.parse("""
                garbage
                1 2 x:y / / rw - ext4 /dev/sda1 rw
                1 2 8:1 / / rw no-separator ext4 /dev/sda1 rw
                1 2 8:-1 / / rw - ext4 /dev/sda1 rw
                1 2 8:1 / / rw -
                """)).isEmpty();
    }

    @Test
    void unescapeLeavesIncompleteEscapesAlone() {
        assertThat(MountInfo.unescape("a\\040b")).isEqualTo("a b");
        assertThat(MountInfo.unescape("a\\04")).isEqualTo("a\\04");
        assertThat(MountInfo.unescape("a\\999")).isEqualTo("a\\999");
        assertThat(MountInfo.unescape("tab\\011x\\134")).isEqualTo("tab\tx\\");
    }

    @Test
    void thousandsOfBindMountsAreOneUse() {
        StringBuilder mi = new StringBuilder("1 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
        for (int i = 0; i < 2000; i++) {
            mi.append(100 + i).append(" 1 8:2 /pods /var/lib/kubelet/pods/p").append(i).append(" rw - xfs /dev/sda2 rw\n");
        }
        assertThat(BlockScan.summary(java.util.List.of("/a", "/b"))).isEqualTo("/a, /b");
        assertThat(BlockScan.summary(java.util.List.of("/a", "/b", "/c", "/d", "/e"))).isEqualTo("/a, /b, /c and 2 more");
        assertThat(MountInfo.parse(mi.toString())).hasSize(2001);
    }
}
