package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Bronze node booted by GRUB (no LoaderDevicePartUUID), running from RAM: META marks the system disk. */
class BootEvidenceTest {

    @TempDir
    Path root;

    private void disk(String name, int major, String... partNames) throws IOException {
        String d = "sys/devices/pci0000:00/0000:00:0" + major + ".0/virtio" + major + "/block/" + name;
        write(d + "/dev", major + ":0");
        write(d + "/size", "41943040");
        link("sys/class/block/" + name, "../../" + d.substring(4));
        for (int i = 0; i < partNames.length; i++) {
            String p = d + "/" + name + (i + 1);
            write(p + "/dev", major + ":" + (i + 1));
            write(p + "/partition", String.valueOf(i + 1));
            write(p + "/start", String.valueOf(2048 * (i + 1)));
            write(p + "/size", "2048");
            write(p + "/uevent", "MAJOR=" + major + "\nMINOR=" + (i + 1) + "\nDEVNAME=" + name + (i + 1)
                    + "\nDEVTYPE=partition\nPARTN=" + (i + 1) + "\nPARTNAME=" + partNames[i]);
            link("sys/class/block/" + name + (i + 1), "../../" + p.substring(4));
        }
    }

    @Test
    void metaPartitionMarksTheSystemDiskWhenBootedFromABronzeEntry() throws Exception {
        disk("vda", 4, "EFI", "BIOS", "META");
        disk("vdb", 5);
        write("proc/cmdline", "console=ttyS0 bronze.slot=B talos.platform=metal");
        write("proc/self/mountinfo", "1 1 0:2 / / rw - rootfs rootfs rw");

        Map<String, Disk> d = Disks.discover(SysRoot.of(root)).stream().collect(Collectors.toMap(Disk::name, Function.identity()));
        assertThat(d.get("vda").uses()).extracting(DiskUse::detail).containsExactly(
                "the running system booted slot B (bronze.slot= on the kernel command line) and vda3 is a META partition");
        assertThat(d.get("vdb").installable()).isTrue();
        assertThat(Disks.systemDisk(SysRoot.of(root))).map(Disk::name).contains("vda");
    }

    @Test
    void withoutABronzeEntryMetaMeansNothing() throws Exception {
        // An old Bronze disk in a machine booted from something else may be reinstalled.
        disk("vda", 4, "EFI", "META");
        write("proc/cmdline", "console=ttyS0 root=/dev/sda1");
        List<Disk> disks = Disks.discover(SysRoot.of(root));
        assertThat(disks.get(0).uses()).isEmpty();
        assertThat(Disks.systemDisk(SysRoot.of(root))).isEmpty();
    }

    private void write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text + "\n");
    }

    private void link(String rel, String target) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }
}
