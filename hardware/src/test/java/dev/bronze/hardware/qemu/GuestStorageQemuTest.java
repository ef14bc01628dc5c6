package dev.bronze.hardware.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a full kernel can show, in one TCG boot of Debian's kernel: a GPT made by sgdisk,
 * partitions appearing after BLKRRPART, a FAT32 made by mkfs.vfat with files written by mcopy
 * mounted by Linux's vfat, a 4Kn disk whose GPT sgdisk wrote, and a cidata ISO found by its label.
 * The host decides: it compares the guest's hashes and sizes with its own.
 */
@Tag("qemu")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestStorageQemuTest {

    private static final long MIB = 1 << 20;
    /** Partition 1 (FAT32): sectors 2048.. (1 MiB) for 40 MiB; partition 2: 8 MiB after it. */
    private static final long P1_START = 2048;
    private static final long P1_MIB = 40;
    private static final long P2_MIB = 8;

    private Path dir;

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private GuestRun run;
    private boolean have4kn;

    @BeforeAll
    void bootOnce(@TempDir Path tmp) throws IOException {
        dir = tmp;
        HostTools.require("qemu-system-x86_64", "sgdisk", "sfdisk", "mkfs.vfat", "mcopy", "mmd", "xorriso",
                "busybox", "cpio", "depmod");
        Path gpt = dir.resolve("gpt.img");
        makeGptWithFat(gpt);
        Path blank = dir.resolve("blank.img");
        try (var ch = java.nio.channels.FileChannel.open(blank, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0).write(java.nio.ByteBuffer.allocate(1), Files.size(gpt) - 1);
        }
        Path disk4k = dir.resolve("4kn.img");
        have4kn = make4kn(disk4k);
        if (!have4kn) {
            // Same device names either way: a plain disk stands in for the 4Kn one.
            Files.copy(blank, disk4k);
        }
        Path iso = makeCidata(dir.resolve("seed.iso"));

        run = QemuGuest.builder(dir.resolve("guest"))
                .disk(QemuGuest.Disk.virtio(gpt))
                .disk(QemuGuest.Disk.virtio(blank))
                .disk(QemuGuest.Disk.virtio(disk4k).sectorSize(have4kn ? 4096 : 512))
                .cdrom(iso)
                .check(checkScript())
                .timeout(Duration.ofMinutes(6))
                .run();
    }

    private void makeGptWithFat(Path img) throws IOException {
        long size = 64 * MIB;
        try (var ch = java.nio.channels.FileChannel.open(img, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(1), size - 1);
        }
        HostCommand.run("sgdisk", "-n", "1:" + P1_START + ":+" + P1_MIB + "M", "-t", "1:ef00", "-c", "1:EFI",
                "-n", "2:0:+" + P2_MIB + "M", "-t", "2:8300", "-c", "2:META", img.toString());
        assertThat(HostCommand.run("sgdisk", "-v", img.toString())).contains("No problems found");
        HostCommand.run("mkfs.vfat", "-F", "32", "-n", "BRONZEESP", "--offset", Long.toString(P1_START), img.toString(),
                Long.toString(P1_MIB * 1024));
        Random rnd = new Random(4);
        byte[] kernelLike = new byte[3 * (int) MIB + 12345];
        rnd.nextBytes(kernelLike);
        files.put("EFI/BOOT/BOOTX64.EFI", kernelLike);
        files.put("loader/entries/bronze-a+3-0.conf", "title Bronze A\nlinux /A/vmlinuz\n".getBytes(StandardCharsets.UTF_8));
        files.put("loader/LongFileName-MixedCase.Conf", "timeout 3\n".getBytes(StandardCharsets.UTF_8));
        files.put("empty", new byte[0]);
        Map<String, String> env = Map.of("MTOOLS_SKIP_CHECK", "1");
        String at = img + "@@" + P1_START * 512;
        HostCommand.run(List.of("mmd", "-i", at, "::/EFI", "::/EFI/BOOT", "::/loader", "::/loader/entries"), env,
                Duration.ofMinutes(1));
        for (var f : files.entrySet()) {
            Path src = dir.resolve("src-" + Integer.toHexString(f.getKey().hashCode()));
            Files.write(src, f.getValue());
            HostCommand.run(List.of("mcopy", "-i", at, src.toString(), "::/" + f.getKey()), env, Duration.ofMinutes(1));
        }
    }

    /**
     * sfdisk 2.38 and sgdisk write 512-byte-sector tables into image files; a 4Kn table needs a
     * device that says 4096, so sgdisk writes through a loop device made with {@code -b 4096}
     * (root: CI is). Nothing of this host is partitioned, and the loop device is always detached.
     */
    private static boolean make4kn(Path img) throws IOException {
        if (!HostCommand.run("id", "-u").strip().equals("0")) {
            return false;
        }
        try (var ch = java.nio.channels.FileChannel.open(img, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(1), 32 * MIB - 1);
        }
        String loop = HostCommand.run("losetup", "-b", "4096", "--show", "-f", img.toString()).strip();
        try {
            HostCommand.run("sgdisk", "-n", "1:0:+16M", "-t", "1:8300", "-c", "1:STATE", loop);
            assertThat(HostCommand.run("sgdisk", "-v", loop)).contains("No problems found");
        } finally {
            HostCommand.run("losetup", "-d", loop);
        }
        return true;
    }

    private Path makeCidata(Path iso) throws IOException {
        Path tree = dir.resolve("cidata");
        Files.createDirectories(tree);
        files.put("iso/user-data", "#cloud-config\nhostname: bronze\n".getBytes(StandardCharsets.UTF_8));
        files.put("iso/meta-data", "instance-id: i-0123\n".getBytes(StandardCharsets.UTF_8));
        Files.write(tree.resolve("user-data"), files.get("iso/user-data"));
        Files.write(tree.resolve("meta-data"), files.get("iso/meta-data"));
        HostCommand.run("xorriso", "-as", "mkisofs", "-quiet", "-V", "cidata", "-J", "-r", "-o", iso.toString(),
                tree.toString());
        return iso;
    }

    /** Runs in the guest (busybox sh with lib.sh); results carry the numbers, the host judges. */
    private String checkScript() {
        StringBuilder s = new StringBuilder("""
                set -u
                bronze_check gpt.partitions-at-boot bronze_has_partition vda1 vda2
                # Before the copy below: afterwards vdb1 carries the same label.
                bronze_result esp.label=$(findfs LABEL=BRONZEESP 2>/dev/null)
                bronze_result vda1.kib=$(awk '$4=="vda1"{print $3}' /proc/partitions) \\
                              vda2.kib=$(awk '$4=="vda2"{print $3}' /proc/partitions)
                # Write the table onto a disk the kernel has already scanned: it must not see it...
                dd if=/dev/vda of=/dev/vdb bs=1M 2>/dev/null; sync
                if bronze_has_partition vdb1; then bronze_fail rereadpt.stale "vdb1 visible before BLKRRPART"
                else bronze_pass rereadpt.stale "no vdb1 before BLKRRPART"; fi
                # ...until BLKRRPART asks it to read the table again.
                bronze_check rereadpt blockdev --rereadpt /dev/vdb
                bronze_check rereadpt.partitions bronze_has_partition vdb1 vdb2
                bronze_result vdb2.kib=$(awk '$4=="vdb2"{print $3}' /proc/partitions)

                bronze_result vdc.lbs=$(cat /sys/block/vdc/queue/logical_block_size) \\
                              vdc1.kib=$(awk '$4=="vdc1"{print $3}' /proc/partitions)

                mkdir -p /mnt/esp /mnt/cd
                bronze_check vfat.mount mount -t vfat -o ro /dev/vda1 /mnt/esp
                bronze_result esp.fstype=$(awk '$2=="/mnt/esp"{print $3}' /proc/mounts)
                """);
        for (String f : files.keySet()) {
            if (f.startsWith("iso/")) {
                continue;
            }
            s.append("bronze_result sha256.").append(f).append("=$(sha256sum '/mnt/esp/").append(f)
                    .append("' | cut -d' ' -f1)\n");
        }
        s.append("""
                bronze_wait_for /dev/sr0 15 || bronze_fail cdrom.present "no /dev/sr0"
                dev=$(findfs LABEL=cidata)
                bronze_result cidata.dev=$dev
                bronze_check cidata.mount mount -t iso9660 -o ro "$dev" /mnt/cd
                bronze_result sha256.iso/user-data=$(sha256sum /mnt/cd/user-data | cut -d' ' -f1) \\
                              sha256.iso/meta-data=$(sha256sum /mnt/cd/meta-data | cut -d' ' -f1)
                umount /mnt/esp /mnt/cd
                """);
        return s.toString();
    }

    @Test
    void theGuestRanEveryCheckAndPassed() {
        assertThat(run.passed()).as(run.describe()).isTrue();
        assertThat(run.boots()).hasSize(1);
        assertThat(run.checks()).extracting(c -> c.name()).contains("gpt.partitions-at-boot", "rereadpt.stale",
                "rereadpt", "rereadpt.partitions", "vfat.mount", "cidata.mount");
    }

    @Test
    void partitionsAppearOnlyAfterBlkrrpartWithTheSizesSgdiskWrote() {
        assertThat(run.check("rereadpt.stale")).as(run.describe()).get().matches(c -> c.passed());
        assertThat(run.check("rereadpt.partitions")).as(run.describe()).get().matches(c -> c.passed());
        assertThat(run.result("vda1.kib")).contains(Long.toString(P1_MIB * 1024));
        assertThat(run.result("vda2.kib")).contains(Long.toString(P2_MIB * 1024));
        assertThat(run.result("vdb2.kib")).contains(Long.toString(P2_MIB * 1024));
    }

    @Test
    void a4knDiskShowsItsSectorSizeAndTheGptSgdiskWrote() {
        if (!have4kn && "true".equalsIgnoreCase(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.fail("the 4Kn disk needs root (losetup -b 4096); CI runs as root");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(have4kn, "not root: no 4Kn image (losetup -b 4096)");
        assertThat(run.result("vdc.lbs")).as(run.describe()).contains("4096");
        assertThat(run.result("vdc1.kib")).contains(Long.toString(16 * 1024));
    }

    @Test
    void linuxVfatReadsWhatMcopyWroteByteForByte() throws NoSuchAlgorithmException {
        assertThat(run.result("esp.fstype")).as(run.describe()).contains("vfat");
        assertThat(run.result("esp.label")).contains("/dev/vda1");
        for (var f : files.entrySet()) {
            assertThat(run.result("sha256." + f.getKey())).as(f.getKey() + "\n" + run.describe())
                    .contains(sha256(f.getValue()));
        }
    }

    @Test
    void theCidataIsoIsFoundByItsLabelAndMounts() {
        assertThat(run.result("cidata.dev")).as(run.describe()).contains("/dev/sr0");
        assertThat(run.check("cidata.mount")).get().matches(c -> c.passed());
    }

    private static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
