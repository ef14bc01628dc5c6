package dev.bronze.hardware.disk.layout;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals for --disk on sysfs/procfs trees shaped like real machines. */
class TargetCheckTest {

    @TempDir
    Path root;

    private void file(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @BeforeEach
    void nvmeWithTwoPartitions() throws IOException {
        file("sys/class/block/nvme0n1/dev", "259:0\n");
        file("sys/class/block/nvme0n1/ro", "0\n");
        Files.createDirectories(root.resolve("sys/class/block/nvme0n1/holders"));
        for (int i = 1; i <= 2; i++) {
            file("sys/class/block/nvme0n1/nvme0n1p" + i + "/dev", "259:" + i + "\n");
            file("sys/class/block/nvme0n1/nvme0n1p" + i + "/partition", i + "\n");
            Files.createDirectories(root.resolve("sys/class/block/nvme0n1/nvme0n1p" + i + "/holders"));
        }
        file("proc/self/mountinfo", "22 1 0:21 / /proc rw - proc proc rw\n");
        file("proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n");
    }

    private void check() {
        new TargetCheck(SysRoot.of(root)).requireWritable(Path.of("/dev/nvme0n1"));
    }

    @Test
    void anIdleDiskPasses() {
        assertThatCode(this::check).doesNotThrowAnyException();
    }

    @Test
    void aMountedPartitionIsFoundByDeviceNumberEvenWhenTheSourceSaysOtherwise() throws IOException {
        file("proc/self/mountinfo", "30 1 259:2 / /var/lib\\040data rw - xfs /dev/disk/by-label/DATA rw\n");
        assertThatThrownBy(this::check).isInstanceOf(BronzeException.class)
                .hasMessage("/dev/nvme0n1p2 is mounted on /var/lib data: refusing to write /dev/nvme0n1")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((BronzeException) e).exitCode())
                        .isEqualTo(ExitCode.REFUSED));
    }

    @Test
    void aBtrfsMountIsFoundBySourceName() throws IOException {
        file("proc/self/mountinfo", "30 1 0:45 / /srv rw - btrfs /dev/nvme0n1p1 rw\n");
        assertThatThrownBy(this::check).hasMessageContaining("/dev/nvme0n1p1 is mounted on /srv");
    }

    @Test
    void heldReadOnlySwapAndPartitionsAreRefused() throws IOException {
        Files.createDirectories(root.resolve("sys/class/block/nvme0n1/nvme0n1p2/holders/dm-0"));
        assertThatThrownBy(this::check).hasMessageContaining("/dev/nvme0n1p2 is held by dm-0");
        Files.delete(root.resolve("sys/class/block/nvme0n1/nvme0n1p2/holders/dm-0"));
        file("proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n/dev/nvme0n1p1 partition 1048572 0 -2\n");
        assertThatThrownBy(this::check).hasMessageContaining("/dev/nvme0n1p1 is in use as swap");
        file("proc/swaps", "");
        file("sys/class/block/nvme0n1/ro", "1\n");
        assertThatThrownBy(this::check).hasMessageContaining("read-only");
        assertThatThrownBy(() -> new TargetCheck(SysRoot.of(root)).requireWritable(Path.of("/dev/nvme0n1p1")))
                .hasMessageContaining("is not a block device the kernel lists");
        file("sys/class/block/nvme0n1p1/partition", "1\n");
        assertThatThrownBy(() -> new TargetCheck(SysRoot.of(root)).requireWritable(Path.of("/dev/nvme0n1p1")))
                .hasMessageContaining("is a partition; give the whole disk");
    }
}
