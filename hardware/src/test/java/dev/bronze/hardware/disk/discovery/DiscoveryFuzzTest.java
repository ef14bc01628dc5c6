package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import org.apache.commons.io.FileUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files discovery parses from outside (uevent, udev's database, VPD page 0x80, the EFI
 * variable, mountinfo, swaps, cmdline, numeric attributes) filled with fuzzed bytes in a small
 * sysfs tree: discovery must return, with sane numbers, whatever they hold.
 */
class DiscoveryFuzzTest {

    private static final String LUN = "sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0";
    private static final String DISK = LUN + "/block/sda";
    private static final List<String> FILES = List.of(
            DISK + "/uevent", DISK + "/sda1/uevent", "run/udev/data/b8:0", "run/udev/data/b8:1", LUN + "/vpd_pg80",
            "sys/firmware/efi/efivars/LoaderDevicePartUUID-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f",
            "proc/self/mountinfo", "proc/swaps", "proc/cmdline", DISK + "/size", DISK + "/sda1/start",
            DISK + "/queue/logical_block_size", DISK + "/capability", LUN + "/model", LUN + "/wwid", DISK + "/eui");

    private static Path tree;

    private static Path tree() throws IOException {
        if (tree == null) {
            Path t = Files.createTempDirectory("bronze-disk-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(t.toFile())));
            Files.createDirectories(t.resolve(DISK + "/sda1"));
            Files.createDirectories(t.resolve("sys/class/block"));
            Files.writeString(t.resolve(DISK + "/dev"), "8:0\n");
            Files.writeString(t.resolve(DISK + "/sda1/dev"), "8:1\n");
            Files.writeString(t.resolve(DISK + "/sda1/partition"), "1\n");
            Files.createSymbolicLink(t.resolve("sys/class/block/sda"), Path.of("../../" + DISK.substring(4)));
            Files.createSymbolicLink(t.resolve("sys/class/block/sda1"), Path.of("../../" + DISK.substring(4) + "/sda1"));
            Files.createSymbolicLink(t.resolve(DISK + "/device"), Path.of("../../../0:0:0:0"));
            for (String f : FILES) {
                Files.createDirectories(t.resolve(f).getParent());
            }
            tree = t;
        }
        return tree;
    }

    @FuzzTest(maxDuration = "60s")
    void discoveryNeverThrows(FuzzedDataProvider data) throws IOException {
        Path t = tree();
        for (String f : FILES) {
            Files.write(t.resolve(f), data.consumeBytes(data.consumeInt(0, 300)));
        }
        List<Disk> disks = Disks.discover(SysRoot.of(t), true);
        assertThat(disks).extracting(Disk::name).containsExactly("sda");
        Disk d = disks.get(0);
        assertThat(d.sizeBytes()).isNotNegative();
        assertThat(d.logicalSectorSize()).isPositive();
        for (Partition p : d.partitions()) {
            assertThat(p.startBytes()).isNotNegative();
            assertThat(p.sizeBytes()).isNotNegative();
        }
    }
}
