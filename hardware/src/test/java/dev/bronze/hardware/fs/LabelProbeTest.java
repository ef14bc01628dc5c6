package dev.bronze.hardware.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The label probe against real filesystems made by the real tools, each answer compared with
 * {@code blkid -p -o export} on the same image (the reader cloud-init and udev rely on).
 */
class LabelProbeTest {

    @TempDir
    Path dir;

    @Test
    void fat12WithoutLabel() throws Exception {
        Path img = image("fat12.img", 2);
        sh("mkfs.vfat", "-F", "12", img.toString());
        assertMatchesBlkid(img);
        assertThat(LabelProbe.probe(img).orElseThrow().label()).isNull();
    }

    @Test
    void fat16Cidata() throws Exception {
        Path img = image("fat16.img", 20);
        sh("mkfs.vfat", "-F", "16", "-n", "CIDATA", img.toString());
        Volume v = assertMatchesBlkid(img);
        assertThat(v.label()).isEqualTo("CIDATA");
        assertThat(v.fsType()).isEqualTo("vfat");
    }

    @Test
    void fat32LowercaseConfigDrive() throws Exception {
        Path img = image("fat32.img", 40);
        sh("mkfs.vfat", "-F", "32", "-n", "config-2", img.toString());
        assertThat(assertMatchesBlkid(img).label()).isEqualTo("config-2");
    }

    @Test
    void fatRootDirectoryLabelWinsOverBootSector() throws Exception {
        Path img = image("relabel.img", 40);
        sh("mkfs.vfat", "-F", "32", "-n", "OLDNAME", img.toString());
        // Overwrite only the boot-sector copy: blkid (and we) must report the directory entry.
        byte[] bytes = Files.readAllBytes(img);
        System.arraycopy("NO NAME    ".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0x47, 11);
        Files.write(img, bytes);
        Volume v = assertMatchesBlkid(img);
        assertThat(v.label()).isEqualTo("OLDNAME");
    }

    @Test
    void mlabelRelabelledFat() throws Exception {
        Path img = image("mlabel.img", 8);
        sh("mkfs.vfat", "-n", "FIRST", img.toString());
        sh("mlabel", "-i", img.toString(), "::CIDATA");
        assertThat(assertMatchesBlkid(img).label()).isEqualTo("CIDATA");
    }

    @Test
    void ext2Ext3Ext4() throws Exception {
        for (String t : List.of("ext2", "ext3", "ext4")) {
            Path img = image(t + ".img", 16);
            sh("mkfs." + t, "-q", "-L", "lbl-" + t, img.toString());
            Volume v = assertMatchesBlkid(img);
            assertThat(v.fsType()).isEqualTo(t);
        }
    }

    @Test
    void xfs() throws Exception {
        Path img = image("xfs.img", 300);
        sh("mkfs.xfs", "-q", "-L", "EPHEMERAL", img.toString());
        assertThat(assertMatchesBlkid(img).label()).isEqualTo("EPHEMERAL");
    }

    @Test
    void iso9660PlainJolietAndLongLabels() throws Exception {
        Path content = Files.createDirectories(dir.resolve("iso/openstack/latest"));
        Files.writeString(content.resolve("meta_data.json"), "{}");
        Path src = dir.resolve("iso");
        Path plain = dir.resolve("plain.iso");
        sh("genisoimage", "-quiet", "-o", plain.toString(), "-V", "CONFIG-2", src.toString());
        assertThat(assertMatchesBlkid(plain).label()).isEqualTo("CONFIG-2");
        Path joliet = dir.resolve("cidata.iso");
        sh("genisoimage", "-quiet", "-o", joliet.toString(), "-V", "cidata", "-J", "-r", src.toString());
        assertThat(assertMatchesBlkid(joliet).label()).isEqualTo("cidata");
        Path longLabel = dir.resolve("long.iso");
        sh("genisoimage", "-quiet", "-o", longLabel.toString(), "-V", "A_VERY_LONG_VOLUME_LABEL_OF_32C", "-J", src.toString());
        assertThat(assertMatchesBlkid(longLabel).label()).isEqualTo("A_VERY_LONG_VOLUME_LABEL_OF_32C");
        Path xorr = dir.resolve("x.iso");
        sh("xorriso", "-as", "mkisofs", "-quiet", "-o", xorr.toString(), "-V", "config-2", "-J", "-R", src.toString());
        assertThat(assertMatchesBlkid(xorr).fsType()).isEqualTo("iso9660");
    }

    @Test
    void udfAndUdfBridge() throws Exception {
        Path img = image("udf.img", 8);
        sh("mkudffs", "--label=rd_rdfe_stable.210101", img.toString());
        assertThat(assertMatchesBlkid(img).fsType()).isEqualTo("udf");
        Path udf2048 = image("udf2k.img", 16);
        sh("mkudffs", "--blocksize=2048", "--lvid=CIDATA", "--vid=vid", "--vsid=not-hex-at-all-zz", udf2048.toString());
        assertMatchesBlkid(udf2048);
        Path src = Files.createDirectories(dir.resolve("bridge"));
        Files.writeString(src.resolve("ovf-env.xml"), "<Environment/>");
        Path bridge = dir.resolve("bridge.iso");
        sh("genisoimage", "-quiet", "-udf", "-o", bridge.toString(), "-V", "BRIDGE", src.toString());
        assertThat(assertMatchesBlkid(bridge).fsType()).isEqualTo("udf");
    }

    @Test
    void partitionReachedByOffsetWhenItsNodeIsMissing() throws Exception {
        Path tree = dir.resolve("root");
        Path disk = Files.createDirectories(tree.resolve("dev")).resolve("vdb");
        image(disk, 64);
        sh("sh", "-c", "printf 'label: gpt\\nstart=2048, size=40960, type=uefi\\nstart=43008, type=linux\\n' | sfdisk -q " + disk);
        sh("mkfs.vfat", "-F", "32", "-n", "CIDATA", "--offset=2048", disk.toString(), "20480");
        sysBlock(tree, "vdb", null, 131072);
        sysBlock(tree, "vdb1", 2048L, 40960);
        sysBlock(tree, "vdb2", 43008L, 88031);
        SysRoot root = SysRoot.of(tree);
        assertThat(LabelProbe.scan(root)).extracting(Volume::device, Volume::label, Volume::fsType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("vdb1", "CIDATA", "vfat"));
        assertThat(LabelProbe.find(root, "CIDATA")).isPresent();
        assertThat(LabelProbe.find(root, "cidata")).isEmpty();
        // blkid agrees on the partition read at the same offset.
        Map<String, String> b = blkid(disk, 2048L * 512, 40960L * 512);
        assertThat(b).containsEntry("LABEL", "CIDATA").containsEntry("TYPE", "vfat");
        assertThat(LabelProbe.find(root, "CIDATA").orElseThrow().uuid()).isEqualTo(b.get("UUID"));
    }

    @Test
    void udevByLabelIsUsedAndUnescaped() throws Exception {
        Path tree = dir.resolve("root");
        Path byLabel = Files.createDirectories(tree.resolve("dev/disk/by-label"));
        Files.createSymbolicLink(byLabel.resolve("config-2"), Path.of("../../sr0"));
        Files.createSymbolicLink(byLabel.resolve("My\\x20Disk"), Path.of("../../sda1"));
        Files.createSymbolicLink(byLabel.resolve("loop"), Path.of("loop")); // a symlink loop
        SysRoot root = SysRoot.of(tree);
        assertThat(LabelProbe.labels(root)).extracting(Volume::label, Volume::device)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("config-2", "sr0"),
                        org.assertj.core.groups.Tuple.tuple("My Disk", "sda1"),
                        org.assertj.core.groups.Tuple.tuple("loop", "loop"));
        assertThat(LabelProbe.find(root, "My Disk")).map(Volume::device).contains("sda1");
    }

    @Test
    void hostileNodesAreSkippedNotFollowed() throws Exception {
        Path tree = dir.resolve("root");
        Files.createDirectories(tree.resolve("dev"));
        sysBlock(tree, "fifo0", null, 100);
        sh("mkfifo", tree.resolve("dev/fifo0").toString());
        sysBlock(tree, "loop0", null, 0);
        sysBlock(tree, "garbage", null, 20480);
        byte[] junk = new byte[10 << 20];
        new java.util.Random(7).nextBytes(junk);
        Files.write(tree.resolve("dev/garbage"), junk);
        sysBlock(tree, "sda1", 99999999999L, 100); // partition whose parent does not exist
        assertThat(LabelProbe.scan(SysRoot.of(tree))).isEmpty();
    }

    private void sysBlock(Path tree, String name, Long start, long size) throws IOException {
        Path d = Files.createDirectories(tree.resolve("sys/class/block").resolve(name));
        Files.writeString(d.resolve("size"), size + "\n");
        if (start != null) {
            Files.writeString(d.resolve("partition"), "1\n");
            Files.writeString(d.resolve("start"), start + "\n");
        }
    }

    private Volume assertMatchesBlkid(Path img) throws Exception {
        Map<String, String> b = blkid(img, 0, 0);
        Volume v = LabelProbe.probe(img).orElseThrow(() -> new AssertionError("no filesystem found in " + img));
        assertThat(v.fsType()).as("TYPE of %s", img).isEqualTo(b.get("TYPE"));
        assertThat(v.label()).as("LABEL of %s", img).isEqualTo(b.get("LABEL"));
        assertThat(v.uuid()).as("UUID of %s", img).isEqualTo(b.get("UUID"));
        return v;
    }

    private Path image(String name, int mib) throws IOException {
        return image(dir.resolve(name), mib);
    }

    private static Path image(Path p, int mib) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.allocate(1), (long) mib * 1024 * 1024 - 1);
        }
        return p;
    }

    static Map<String, String> blkid(Path img, long offset, long size) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("blkid", "-p", "-o", "export"));
        if (offset > 0) {
            cmd.addAll(List.of("-O", Long.toString(offset), "-S", Long.toString(size)));
        }
        cmd.add(img.toString());
        String out = run(cmd, true);
        Map<String, String> m = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                // blkid -o export escapes spaces and shell specials with a backslash.
                m.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("\\\\(.)", "$1"));
            }
        }
        return m;
    }

    static void sh(String... cmd) throws Exception {
        run(List.of(cmd), false);
    }

    private static String run(List<String> cmd, boolean allowNonZero) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " timed out");
        }
        if (p.exitValue() != 0 && !allowNonZero) {
            throw new AssertionError(cmd + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
