package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without udev, partition UUIDs come from the disk's own table. The tables are written by the real
 * tools (sgdisk, sfdisk) into the file that stands for the device node in a fixture tree.
 */
class PartitionIdsTest {

    static final String GUID1 = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
    static final String GUID2 = "8e2f7a1c-3b4d-4c5e-9f60-71829a3b4c5d";

    @TempDir
    Path root;

    /** A virtio disk with two partitions in sysfs, and its node as an image file. */
    private Path disk(long bytes) throws Exception {
        String d = "sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda";
        write(d + "/dev", "254:0");
        write(d + "/size", String.valueOf(bytes / 512));
        link("sys/class/block/vda", "../../" + d.substring(4));
        for (int i = 1; i <= 2; i++) {
            write(d + "/vda" + i + "/dev", "254:" + i);
            write(d + "/vda" + i + "/partition", String.valueOf(i));
            write(d + "/vda" + i + "/size", "2048");
            write(d + "/vda" + i + "/start", String.valueOf(2048 * i));
            link("sys/class/block/vda" + i, "../../" + d.substring(4) + "/vda" + i);
        }
        Path img = Files.createDirectories(root.resolve("dev")).resolve("vda");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return img;
    }

    @Test
    void gptPartitionGuidMatchesTheLoaderVariable() throws Exception {
        Path img = disk(64L << 20);
        run("sgdisk", "-n", "1:2048:+1M", "-u", "1:" + GUID1, "-n", "2:0:+1M", "-u", "2:" + GUID2, img.toString());
        byte[] var = ("\u0000\u0000" + GUID2.toUpperCase() + "\u0000").getBytes(StandardCharsets.UTF_16LE);
        var[0] = 6; // EFI variable attributes, then the UTF-16LE string
        write("sys/firmware/efi/efivars/LoaderDevicePartUUID-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f", var);

        Disk vda = Disks.discover(SysRoot.of(root)).get(0);
        assertThat(vda.partitions()).extracting(Partition::partUuid).containsExactly(GUID1, GUID2);
        assertThat(vda.uses()).extracting(DiskUse::kind).containsExactly(DiskUse.Kind.BOOT_MEDIUM);
        assertThat(vda.uses().get(0).detail()).contains("from vda2");
    }

    @Test
    void mbrIdsAsLinuxGivesThemToRootPartuuid() throws Exception {
        Path img = disk(64L << 20);
        Process p = new ProcessBuilder("sfdisk", "--quiet", img.toString()).redirectErrorStream(true).start();
        p.getOutputStream().write("label: dos\nlabel-id: 0x6c586e13\n2048,2048,c\n4096,2048,83\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        write("proc/cmdline", "console=ttyS0 root=PARTUUID=6c586e13-02 rootwait");

        Disk vda = Disks.discover(SysRoot.of(root)).get(0);
        assertThat(vda.partitions()).extracting(Partition::partUuid).containsExactly("6c586e13-01", "6c586e13-02");
        assertThat(vda.uses()).extracting(DiskUse::detail)
                .containsExactly("the kernel command line's root=PARTUUID=6c586e13-02 names vda2");
    }

    @Test
    void damagedOrAbsentTablesGiveNoIds() throws Exception {
        Path img = disk(64L << 20);
        run("sgdisk", "-n", "1:2048:+1M", "-u", "1:" + GUID1, img.toString());
        write("proc/cmdline", "root=PARTUUID=" + GUID1);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(512 + 60); // inside the header (its disk GUID), covered by the header CRC
            f.write(0x5a);
        }
        Disk vda = Disks.discover(SysRoot.of(root)).get(0);
        assertThat(vda.partitions()).extracting(Partition::partUuid).containsOnly("");
        assertThat(vda.uses()).isEmpty();
        // No node at all (a fixture, or no permission): nothing read, nothing claimed.
        Files.delete(img);
        assertThat(Disks.discover(SysRoot.of(root)).get(0).partitions()).extracting(Partition::partUuid).containsOnly("");
    }

    @Test
    void idsAreNotReadWhenNothingNeedsThem() throws Exception {
        Path img = disk(64L << 20);
        run("sgdisk", "-n", "1:2048:+1M", "-u", "1:" + GUID1, img.toString());
        assertThat(Disks.discover(SysRoot.of(root)).get(0).partitions()).extracting(Partition::partUuid).containsOnly("");
    }

    private void write(String rel, String text) throws IOException {
        write(rel, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void write(String rel, byte[] bytes) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    private void link(String rel, String target) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

}
