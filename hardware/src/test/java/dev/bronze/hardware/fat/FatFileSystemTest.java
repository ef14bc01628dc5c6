package dev.bronze.hardware.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FatFileSystemTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T15:09:26Z"), ZoneOffset.UTC);
    static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Map<String, String> blkid(Path img) {
        Peers.Result r = Peers.run(Peers.tool("blkid"), "-p", "-o", "export", img.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        return r.out().lines().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    }

    @Test
    void formatsFat32WithLabelAndVolumeIdThatFsckAndBlkidAccept() throws IOException {
        Path img = dir.resolve("esp.img");
        int id = FatFormat.volumeIdFromSeed("node-1");
        try (ImageFile f = ImageFile.create(img, 600 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("BRONZE-ESP", id), CLOCK)) {
            assertThat(fs.type()).isEqualTo(FatType.FAT32);
            assertThat(fs.clusterBytes()).isEqualTo(4096);
            assertThat(fs.label()).isEqualTo("BRONZE-ESP");
            assertThat(fs.clusterCount()).isGreaterThanOrEqualTo(65525);
        }
        Peers.assertFsckClean(img);
        Map<String, String> b = blkid(img);
        assertThat(b).containsEntry("TYPE", "vfat").containsEntry("VERSION", "FAT32")
                .containsEntry("LABEL", "BRONZE-ESP").containsEntry("UUID", FatFormat.volumeIdText(id));
        try (ImageFile f = ImageFile.openReadOnly(img, 512); FatFileSystem fs = FatFileSystem.openReadOnly(f)) {
            assertThat(fs.volumeId()).isEqualTo(id);
            assertThat(fs.label()).isEqualTo("BRONZE-ESP");
            assertThat(fs.list("/")).isEmpty();
            assertThat(fs.freeBytes()).isEqualTo(fs.totalBytes() - 4096);
        }
        Peers.Result minfo = Peers.run(Peers.tool("minfo"), "-i", img.toString(), "::");
        assertThat(minfo.exit()).as(minfo.out()).isZero();
        assertThat(minfo.out()).contains("sector size: 512 bytes").contains("cluster size: 8 sectors");
    }

    @Test
    void choosesFat16WhereFat32CannotHaveEnoughClusters() throws IOException {
        Path img = dir.resolve("small.img");
        try (ImageFile f = ImageFile.create(img, 24 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("SMALL", 7), CLOCK)) {
            assertThat(fs.type()).isEqualTo(FatType.FAT16);
            fs.mkdirs("/EFI/BOOT");
            fs.write("/EFI/BOOT/BOOTX64.EFI", bytes(1, 300_000));
        }
        Peers.assertFsckClean(img);
        assertThat(blkid(img)).containsEntry("VERSION", "FAT16").containsEntry("LABEL", "SMALL")
                .containsEntry("UUID", "0000-0007");
        assertThat(Peers.mtype(img, 0, "/EFI/BOOT/BOOTX64.EFI")).isEqualTo(bytes(1, 300_000));
        // 40 MiB holds 65525 clusters of 512 bytes: FAT32, as the UEFI specification prefers.
        try (ImageFile f = ImageFile.create(dir.resolve("40.img"), 40 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("", 1), CLOCK)) {
            assertThat(fs.type()).isEqualTo(FatType.FAT32);
            assertThat(fs.clusterBytes()).isEqualTo(512);
            assertThat(fs.label()).isEmpty();
        }
        assertThat(blkid(dir.resolve("40.img"))).doesNotContainKey("LABEL");
        Peers.assertFsckClean(dir.resolve("40.img"));
        try (ImageFile f = ImageFile.create(dir.resolve("tiny.img"), MIB, 512)) {
            assertThatThrownBy(() -> FatFileSystem.format(f, FatFormat.of("", 1), CLOCK))
                    .isInstanceOf(HardwareException.class).hasMessageContaining("too small");
            assertThatThrownBy(() -> FatFileSystem.format(f, FatFormat.of("", 1).withType(FatType.FAT32), CLOCK))
                    .isInstanceOf(HardwareException.class).hasMessageContaining("cannot hold a FAT32");
        }
    }

    @Test
    void formatsVolumesWith4096ByteSectors() throws IOException {
        Path small = dir.resolve("4kn-small.img");
        try (ImageFile f = ImageFile.create(small, 128 * MIB, 4096);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("EFI", 9), CLOCK)) {
            // 128 MiB of 4 KiB clusters is 32k clusters: too few for FAT32.
            assertThat(fs.type()).isEqualTo(FatType.FAT16);
            fs.write("kernel", bytes(2, 5_000_000));
        }
        Peers.assertFsckClean(small);
        Path big = dir.resolve("4kn.img");
        try (ImageFile f = ImageFile.create(big, 300 * MIB, 4096);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("EFI", 9), CLOCK)) {
            assertThat(fs.type()).isEqualTo(FatType.FAT32);
            fs.mkdirs("loader/entries");
            fs.write("loader/entries/bronze-a+3.conf", "title A\n".getBytes(StandardCharsets.UTF_8));
            fs.write("vmlinuz-a", bytes(3, 5_000_000));
        }
        Peers.assertFsckClean(big);
        assertThat(blkid(big)).containsEntry("VERSION", "FAT32");
        try (ImageFile f = ImageFile.openReadOnly(big, 4096); FatFileSystem fs = FatFileSystem.openReadOnly(f)) {
            assertThat(fs.readAllBytes("VMLINUZ-A")).isEqualTo(bytes(3, 5_000_000));
        }
        assertThat(Peers.mtype(small, 0, "/kernel")).isEqualTo(bytes(2, 5_000_000));
        assertThat(Peers.mtype(big, 0, "/vmlinuz-a")).isEqualTo(bytes(3, 5_000_000));
        assertThat(Peers.mdirBare(big, 0, "/loader/entries")).containsExactly("::/loader/entries/bronze-a+3.conf");
        // And a 4Kn volume that mkfs.fat made, with a file from mcopy.
        Path theirs = dir.resolve("4kn-mkfs.img");
        Peers.Result mk = Peers.run(Peers.tool("mkfs.fat"), "-S", "4096", "-F", "32", "-C", theirs.toString(),
                String.valueOf(300 * 1024));
        assertThat(mk.exit()).as(mk.out()).isZero();
        Path src = dir.resolve("payload for 4kn.bin");
        Files.write(src, bytes(4, 123_456));
        Peers.Result cp = Peers.run(Peers.tool("mcopy"), "-i", theirs.toString(), src.toString(), "::/");
        assertThat(cp.exit()).as(cp.out()).isZero();
        try (ImageFile f = ImageFile.open(theirs, 4096); FatFileSystem fs = FatFileSystem.open(f, CLOCK)) {
            assertThat(fs.readAllBytes("/payload for 4kn.bin")).isEqualTo(bytes(4, 123_456));
            fs.write("/ours.bin", bytes(5, 9999));
        }
        Peers.assertFsckClean(theirs);
        assertThat(Peers.mtype(theirs, 0, "/ours.bin")).isEqualTo(bytes(5, 9999));
    }

    /** The tree an ESP holds, with long, mixed-case, Unicode and 8.3 names. */
    static final List<String> TREE_FILES = List.of(
            "/EFI/BOOT/BOOTX64.EFI", "/EFI/systemd/systemd-bootx64.efi", "/loader/loader.conf",
            "/loader/entries/bronze-a+3-0.conf", "/loader/entries/bronze-b.conf", "/grub/grubenv",
            "/A/vmlinuz", "/A/initramfs.img", "/B/Überprüfung – ünïcødé ☃.txt", "/B/.hidden-dotfile",
            "/B/a name with spaces and a very long length to need several LFN entries, 100 chars or so ok...x",
            "/B/README.TXT", "/B/readme.txt2", "/B/Readme.md");

    static void writeTree(FatFileSystem fs) {
        int i = 0;
        for (String p : TREE_FILES) {
            fs.mkdirs(p.substring(0, p.lastIndexOf('/')));
            fs.write(p, bytes(i, 1000 + i * 7919));
            i++;
        }
    }

    @Test
    void mtoolsSeeTheTreeWeWriteWithTheRightNamesAndBytes() throws IOException {
        Path img = dir.resolve("tree.img");
        try (ImageFile f = ImageFile.create(img, 64 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("ESP", 1), CLOCK)) {
            writeTree(fs);
            assertThat(fs.list("/B")).extracting(FatEntry::name).contains("Überprüfung – ünïcødé ☃.txt", "README.TXT");
            assertThat(fs.stat("/b/readme.TXT")).get().extracting(FatEntry::name).isEqualTo("README.TXT");
            assertThat(fs.stat("/EFI/SYSTEMD/SYSTEMD-BOOTX64.EFI")).isPresent();
            assertThat(fs.stat("/a/VMLINUZ").get().modified()).isEqualTo(LocalDateTime.of(2026, 3, 14, 15, 9, 26));
        }
        Peers.assertFsckClean(img);
        List<String> all = new ArrayList<>();
        for (String d : List.of("/", "/EFI", "/EFI/BOOT", "/EFI/systemd", "/loader", "/loader/entries", "/grub", "/A", "/B")) {
            all.addAll(Peers.mdirBare(img, 0, d));
        }
        for (int i = 0; i < TREE_FILES.size(); i++) {
            String p = TREE_FILES.get(i);
            assertThat(all).as("mdir sees %s", p).anyMatch(l -> l.equals("::" + p) || l.endsWith(p));
            assertThat(Peers.mtype(img, 0, p)).as("bytes of %s through mcopy", p).isEqualTo(bytes(i, 1000 + i * 7919));
        }
        // The 8.3 aliases follow the Windows scheme (mdir's short-name column).
        Peers.Result mdir = Peers.run(Peers.tool("mdir"), "-i", img.toString(), "::/loader/entries");
        assertThat(mdir.out()).contains("BRONZE~1 CON").contains("bronze-a+3-0.conf");
    }

    @Test
    void overwriteOfTheSameSizeKeepsTheClustersAndOtherSizesMoveSafely() throws IOException {
        Path img = dir.resolve("ow.img");
        byte[] env1 = grubenv("saved_entry=A\n");
        byte[] env2 = grubenv("saved_entry=B\nbronze_trial=1\n");
        try (ImageFile f = ImageFile.create(img, 64 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("ESP", 1), CLOCK)) {
            fs.mkdirs("/grub");
            fs.write("/grub/grubenv", env1);
            fs.write("/kernel", bytes(5, 3_000_000));
            int cluster = fs.stat("/grub/grubenv").get().firstCluster();
            fs.write("/grub/grubenv", env2);
            assertThat(fs.stat("/grub/grubenv").get().firstCluster()).isEqualTo(cluster);
            long free = fs.freeBytes();
            fs.write("/kernel", bytes(6, 5_000_000));
            fs.write("/kernel", bytes(7, 100));
            assertThat(fs.freeBytes()).isEqualTo(free + 3_000_000 / 4096 * 0 + roundUp(3_000_000) - roundUp(100));
            fs.write("/empty", new byte[0]);
            fs.write("/kernel", new byte[0]);
            assertThat(fs.stat("/kernel").get().firstCluster()).isZero();
        }
        Peers.assertFsckClean(img);
        assertThat(Peers.mtype(img, 0, "/grub/grubenv")).isEqualTo(env2);
        assertThat(Peers.mtype(img, 0, "/kernel")).isEmpty();
        // grub-editenv (the real peer for grubenv) is exercised by the bootloader module.
    }

    private static long roundUp(long v) {
        return (v + 511) / 512 * 512;
    }

    static byte[] grubenv(String vars) {
        StringBuilder b = new StringBuilder("# GRUB Environment Block\n").append(vars);
        while (b.length() < 1024) {
            b.append('#');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void renameOfABootCountedEntryIsOneWriteInPlace() throws IOException {
        Path img = dir.resolve("rn.img");
        try (ImageFile f = ImageFile.create(img, 64 * MIB, 512);
                RecordingDevice rec = new RecordingDevice(f);
                FatFileSystem fs = FatFileSystem.format(rec, FatFormat.of("ESP", 1), CLOCK)) {
            fs.mkdirs("/loader/entries");
            fs.write("/loader/entries/other.conf", "x".getBytes(StandardCharsets.US_ASCII));
            fs.write("/loader/entries/bronze-b+3-0.conf", "title B\n".getBytes(StandardCharsets.US_ASCII));
            FatEntry before = fs.stat("/loader/entries/bronze-b+3-0.conf").get();
            rec.writes.clear();
            fs.rename("/loader/entries/bronze-b+3-0.conf", "/loader/entries/bronze-b+2-1.conf");
            assertThat(rec.writes).as("one write of whole slots in one sector").hasSize(1);
            long[] w = rec.writes.get(0);
            assertThat(w[0] / 512).isEqualTo((w[0] + w[1] - 1) / 512);
            FatEntry after = fs.stat("/loader/entries/bronze-b+2-1.conf").get();
            assertThat(after.firstCluster()).isEqualTo(before.firstCluster());
            assertThat(fs.exists("/loader/entries/bronze-b+3-0.conf")).isFalse();
            // A name of another length needs other slots: written before the old ones are removed.
            fs.rename("/loader/entries/bronze-b+2-1.conf", "/loader/entries/bronze-b+0-3.bad-entry-with-longer-name.conf");
            fs.rename("/loader/entries/other.conf", "/loader/entries/OTHER.CONF");
            fs.mkdirs("/old/deep");
            fs.write("/old/deep/f.txt", "moved".getBytes(StandardCharsets.US_ASCII));
            fs.rename("/old/deep", "/loader/moved-dir");
            fs.rename("/loader/moved-dir/f.txt", "/top-level-file.txt");
            assertThatThrownBy(() -> fs.rename("/loader", "/loader/moved-dir/x"))
                    .isInstanceOf(HardwareException.class).hasMessageContaining("into itself");
            assertThatThrownBy(() -> fs.rename("/top-level-file.txt", "/loader/entries/OTHER.conf"))
                    .isInstanceOf(HardwareException.class).hasMessageContaining("target exists");
        }
        Peers.assertFsckClean(img);
        List<String> entries = Peers.mdirBare(img, 0, "/loader/entries");
        assertThat(entries).containsExactlyInAnyOrder("::/loader/entries/OTHER.CONF",
                "::/loader/entries/bronze-b+0-3.bad-entry-with-longer-name.conf");
        assertThat(Peers.mdirBare(img, 0, "/loader/moved-dir")).isEmpty();
        assertThat(Peers.mtype(img, 0, "/top-level-file.txt")).isEqualTo("moved".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void renamesThatOnlyChangeCaseKeepTheFileFindable() throws IOException {
        Path img = dir.resolve("case.img");
        try (ImageFile f = ImageFile.create(img, 40 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("", 1), CLOCK)) {
            fs.write("/foo.txt", bytes(1, 10));
            fs.rename("/foo.txt", "/FOO.TXT");
            assertThat(fs.list("/")).extracting(FatEntry::name).containsExactly("FOO.TXT");
            fs.rename("/FOO.TXT", "/Foo.txt");
            assertThat(fs.list("/")).extracting(FatEntry::name).containsExactly("Foo.txt");
            fs.write("/A Long Name.txt", bytes(2, 10));
            fs.rename("/a long name.TXT", "/a long name.txt");
            assertThat(fs.list("/")).extracting(FatEntry::name).containsExactly("Foo.txt", "a long name.txt");
            assertThat(fs.readAllBytes("/FOO.txt")).isEqualTo(bytes(1, 10));
            assertThat(fs.readAllBytes("/A LONG NAME.TXT")).isEqualTo(bytes(2, 10));
            fs.delete("/foo.TXT");
            assertThat(fs.exists("/Foo.txt")).isFalse();
        }
        Peers.assertFsckClean(img);
        assertThat(Peers.mdirBare(img, 0, "/")).containsExactly("::/a long name.txt");
    }

    @Test
    void writeBarriersFlushBetweenTheOrderedSteps() throws IOException {
        try (ImageFile f = ImageFile.create(dir.resolve("wb.img"), 40 * MIB, 512);
                RecordingDevice rec = new RecordingDevice(f);
                FatFileSystem fs = FatFileSystem.format(rec, FatFormat.of("", 1), CLOCK)) {
            fs.write("/kernel", bytes(1, 5000));
            long fatStart = 32 * 512;
            long dataStart = Directory.clusterOffset(
                    BootSector.parse(f.read(0, 512), f.size(), "wb"), 2);
            fs.setWriteBarriers(true);
            rec.events.clear();
            fs.write("/kernel", bytes(2, 9000));
            // data and FAT chain (nothing points at it yet), flush, the short entry, flush, old chain freed, FSInfo
            List<String> kinds = new ArrayList<>();
            for (String e : rec.events) {
                if (e.equals("F")) {
                    kinds.add("F");
                    continue;
                }
                long off = Long.parseLong(e.substring(2));
                String k = off == 512 ? "info" : off < dataStart && off >= fatStart ? "fat" : off < dataStart + 512 ? "root" : "data";
                if (kinds.isEmpty() || !kinds.get(kinds.size() - 1).equals(k)) {
                    kinds.add(k);
                }
            }
            assertThat(kinds).containsExactly("data", "fat", "F", "root", "F", "fat", "info");
        }
    }

    @Test
    void replaceAlwaysMovesToNewClustersAndNeedsRoomForBoth() throws IOException {
        Path img = dir.resolve("replace.img");
        try (ImageFile f = ImageFile.create(img, 24 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("", 1), CLOCK)) {
            fs.replace("/vmlinuz", bytes(1, 9 << 20));
            int first = fs.stat("/vmlinuz").get().firstCluster();
            fs.replace("/vmlinuz", bytes(2, 9 << 20));
            assertThat(fs.stat("/vmlinuz").get().firstCluster()).isNotEqualTo(first);
            assertThat(fs.readAllBytes("/vmlinuz")).isEqualTo(bytes(2, 9 << 20));
            fs.write("/filler", bytes(3, (int) fs.freeBytes() - (4 << 20)));
            assertThatThrownBy(() -> fs.replace("/vmlinuz", bytes(4, 9 << 20))).hasMessageContaining("no space");
            assertThat(fs.readAllBytes("/vmlinuz")).isEqualTo(bytes(2, 9 << 20));
        }
        Peers.assertFsckClean(img);
        assertThat(Peers.mtype(img, 0, "/vmlinuz")).isEqualTo(bytes(2, 9 << 20));
    }

    @Test
    void shortNamesWithWindowsLowerCaseFlagsAreShownInLowerCase() throws IOException {
        Path img = dir.resolve("nt.img");
        try (ImageFile f = ImageFile.create(img, 40 * MIB, 512)) {
            long root;
            try (FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("NT", 1), CLOCK)) {
                fs.write("/README.TXT", bytes(1, 10));
                fs.write("/KERNEL.EFI", bytes(2, 10));
                root = Directory.clusterOffset(BootSector.parse(f.read(0, 512), f.size(), "nt"), 2);
            }
            f.write(root + 32 + 12, new byte[] {0x18}); // README.TXT: base and extension lower case
            f.write(root + 64 + 12, new byte[] {0x10}); // KERNEL.EFI: extension only
            try (FatFileSystem fs = FatFileSystem.open(f, CLOCK)) {
                assertThat(fs.list("/")).extracting(FatEntry::name).containsExactly("readme.txt", "KERNEL.efi");
                assertThat(fs.readAllBytes("/README.txt")).isEqualTo(bytes(1, 10));
            }
        }
        Peers.assertFsckClean(img);
        assertThat(Peers.mdirBare(img, 0, "/")).containsExactly("::/readme.txt", "::/KERNEL.efi");
    }

    @Test
    void deleteFreesEverythingAndFsckAgrees() throws IOException {
        Path img = dir.resolve("del.img");
        try (ImageFile f = ImageFile.create(img, 64 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("ESP", 1), CLOCK)) {
            long free = fs.freeBytes();
            writeTree(fs);
            for (String p : TREE_FILES) {
                fs.delete(p);
            }
            assertThatThrownBy(() -> fs.delete("/EFI")).hasMessageContaining("not empty");
            for (String d : List.of("/EFI/BOOT", "/EFI/systemd", "/EFI", "/loader/entries", "/loader", "/grub", "/A", "/B")) {
                fs.delete(d);
            }
            assertThat(fs.list("/")).isEmpty();
            assertThat(fs.freeBytes()).isEqualTo(free);
            assertThatThrownBy(() -> fs.delete("/nope")).hasMessageContaining("no such file");
            fs.write("/again.txt", bytes(1, 10));
        }
        Peers.assertFsckClean(img);
        assertThat(Peers.mdirBare(img, 0, "/")).containsExactly("::/again.txt");
    }

    @Test
    void manyFilesDeepTreesAndLargeFiles() throws IOException {
        Path img = dir.resolve("many.img");
        byte[] big = bytes(42, 48 << 20);
        try (ImageFile f = ImageFile.create(img, 300 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("MANY", 1), CLOCK)) {
            fs.mkdirs("/many");
            for (int i = 0; i < 1500; i++) {
                fs.write("/many/file number " + i + " with a long name.txt", ("content " + i).getBytes(StandardCharsets.UTF_8));
            }
            StringBuilder deep = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                deep.append("/level-").append(i);
            }
            fs.mkdirs(deep.toString());
            fs.write(deep + "/leaf", bytes(9, 77));
            fs.write("/big.bin", new ByteArrayInputStream(big), big.length);
            assertThat(fs.list("/many")).hasSize(1500);
            assertThat(fs.readAllBytes("/big.bin")).isEqualTo(big);
            assertThat(fs.readAllBytes(deep + "/LEAF")).isEqualTo(bytes(9, 77));
        }
        Peers.assertFsckClean(img);
        assertThat(Peers.mdirBare(img, 0, "/many")).hasSize(1500).contains("::/many/file number 1499 with a long name.txt");
        assertThat(Peers.mtype(img, 0, "/many/file number 777 with a long name.txt"))
                .isEqualTo("content 777".getBytes(StandardCharsets.UTF_8));
        assertThat(Peers.mtype(img, 0, "/big.bin")).isEqualTo(big);
    }

    @Test
    void aFullVolumeFailsClearlyAndStaysConsistent() throws IOException {
        Path img = dir.resolve("full.img");
        int[] f2Size = new int[1];
        try (ImageFile f = ImageFile.create(img, 24 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("FULL", 1), CLOCK)) {
            int n = 0;
            HardwareException failure = null;
            while (failure == null) {
                try {
                    fs.write("/f" + n, bytes(n, 1 << 20));
                    n++;
                } catch (HardwareException e) {
                    failure = e;
                }
            }
            assertThat(failure.getMessage()).contains("no space for /f" + n);
            assertThat(n).isBetween(20, 24);
            fs.write("/tail", bytes(0, (int) fs.freeBytes()));
            assertThat(fs.freeBytes()).isZero();
            assertThatThrownBy(() -> fs.mkdirs("/d")).hasMessageContaining("no space");
            assertThatThrownBy(() -> fs.write("/f0", bytes(1, (1 << 20) + 1))).hasMessageContaining("no space");
            fs.write("/f0", bytes(1, 1 << 20)); // same size: in place, needs no space
            // No room for old and new at once: a smaller file reuses the old clusters.
            int first = fs.stat("/f1").get().firstCluster();
            fs.write("/f1", bytes(2, 5000));
            assertThat(fs.stat("/f1").get().firstCluster()).isEqualTo(first);
            assertThat(fs.freeBytes()).isPositive();
            f2Size[0] = (1 << 20) + (int) fs.freeBytes();
            fs.write("/f2", bytes(3, f2Size[0])); // and a larger one takes the rest
            assertThat(fs.freeBytes()).isZero();
        }
        Peers.assertFsckClean(img);
        assertThat(Peers.mtype(img, 0, "/f0")).isEqualTo(bytes(1, 1 << 20));
        assertThat(Peers.mtype(img, 0, "/f1")).isEqualTo(bytes(2, 5000));
        assertThat(Peers.mtype(img, 0, "/f2")).isEqualTo(bytes(3, f2Size[0]));
    }

    @Test
    void fat16RootDirectoryFillsUpWithAClearError() throws IOException {
        try (ImageFile f = ImageFile.create(dir.resolve("root.img"), 24 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("", 1), CLOCK)) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 600; i++) {
                    fs.write("/F" + i, bytes(i, 3000));
                }
            }).isInstanceOf(HardwareException.class).hasMessageContaining("root directory holds 512 entries");
            assertThatThrownBy(() -> fs.mkdirs("/D")).hasMessageContaining("directory is full");
            fs.delete("/F0");
            assertThatThrownBy(() -> fs.write("/f0 again", bytes(0, 1))).hasMessageContaining("directory is full");
            fs.write("/G0", bytes(0, 3000)); // an 8.3 name needs one slot: the freed one
        }
        Peers.assertFsckClean(dir.resolve("root.img"));
    }

    @Test
    void aFilesystemInsideAPartitionIsReachedByOffset() throws IOException {
        Path img = dir.resolve("disk.img");
        long offset = MIB;
        try (ImageFile disk = ImageFile.create(img, 100 * MIB, 512)) {
            disk.write(0, new byte[] {1, 2, 3});
            BlockDevice part = disk.slice(offset, 64 * MIB);
            try (FatFileSystem fs = FatFileSystem.format(part, FatFormat.of("EFI", 3).withHiddenSectors(2048), CLOCK)) {
                writeTree(fs);
            }
            assertThat(disk.read(0, 3)).containsExactly(1, 2, 3);
            assertThat(disk.read(offset + 64 * MIB, 16)).containsOnly(0);
        }
        for (int i = 0; i < TREE_FILES.size(); i++) {
            assertThat(Peers.mtype(img, offset, TREE_FILES.get(i))).isEqualTo(bytes(i, 1000 + i * 7919));
        }
        Peers.Result probe = Peers.run(Peers.tool("blkid"), "-p", "-O", String.valueOf(offset), "-o", "export", img.toString());
        assertThat(probe.out()).contains("LABEL=EFI").contains("UUID=0000-0003").contains("TYPE=vfat");
        Peers.Result minfo = Peers.run(Peers.tool("minfo"), "-i", Peers.mimage(img, offset), "::");
        assertThat(minfo.out()).contains("hidden sectors: 2048");
        Path extracted = dir.resolve("part.img");
        try (var in = Files.newByteChannel(img); var out = Files.newByteChannel(extracted,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            in.position(offset);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) (64 * MIB));
            while (b.hasRemaining() && in.read(b) >= 0) {
                // read the partition
            }
            b.flip();
            out.write(b);
        }
        Peers.assertFsckClean(extracted);
    }

    @Test
    void twoBuildsFromTheSameSeedAreByteIdentical() throws IOException {
        Path a = dir.resolve("a.img");
        Path b = dir.resolve("b.img");
        Path c = dir.resolve("c.img");
        for (Path p : List.of(a, b, c)) {
            try (ImageFile f = ImageFile.create(p, 64 * MIB, 512);
                    FatFileSystem fs = FatFileSystem.format(f.slice(MIB, 63 * MIB),
                            FatFormat.of("ESP", FatFormat.volumeIdFromSeed(p.equals(c) ? "other" : "seed")), CLOCK)) {
                writeTree(fs);
                fs.rename("/loader/entries/bronze-a+3-0.conf", "/loader/entries/bronze-a+2-1.conf");
                fs.delete("/B/README.TXT");
                fs.write("/grub/grubenv", bytes(99, fs.stat("/grub/grubenv").get().size() > 0 ? (int) fs.stat("/grub/grubenv").get().size() : 1));
            }
        }
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1L);
    }

    @Test
    void readsAndWritesFilesystemsThatMkfsFatAndMcopyMade() throws IOException {
        for (String fatSize : List.of("32", "16")) {
            Path img = dir.resolve("mkfs" + fatSize + ".img");
            Peers.Result mk = Peers.run(Peers.tool("mkfs.fat"), "-F", fatSize, "-n", "THEIRS", "-i", "12345678",
                    "-C", img.toString(), String.valueOf(fatSize.equals("32") ? 80 * 1024 : 30 * 1024));
            assertThat(mk.exit()).as(mk.out()).isZero();
            Path src = dir.resolve("src" + fatSize);
            Files.createDirectories(src.resolve("Sub Dir/nested"));
            Files.write(src.resolve("Sub Dir/nested/Long File Name.bin"), bytes(1, 200_000));
            Files.write(src.resolve("Sub Dir/UPPER.TXT"), bytes(2, 10));
            Files.write(src.resolve("lower.txt"), bytes(3, 4097));
            Files.write(src.resolve("ünïcødé name.txt"), bytes(4, 5));
            Peers.Result cp = Peers.run(Peers.tool("mcopy"), "-s", "-i", img.toString(),
                    src.resolve("Sub Dir").toString(), src.resolve("lower.txt").toString(),
                    src.resolve("ünïcødé name.txt").toString(), "::/");
            assertThat(cp.exit()).as(cp.out()).isZero();
            try (ImageFile f = ImageFile.open(img, 512); FatFileSystem fs = FatFileSystem.open(f, CLOCK)) {
                assertThat(fs.type()).hasToString("FAT" + fatSize);
                assertThat(fs.label()).isEqualTo("THEIRS");
                assertThat(fs.volumeId()).isEqualTo(0x12345678);
                assertThat(fs.list("/")).extracting(FatEntry::name).contains("Sub Dir", "lower.txt", "ünïcødé name.txt");
                assertThat(fs.readAllBytes("/Sub Dir/nested/Long File Name.bin")).isEqualTo(bytes(1, 200_000));
                assertThat(fs.readAllBytes("/sub dir/upper.txt")).isEqualTo(bytes(2, 10));
                assertThat(fs.readAllBytes("/LOWER.TXT")).isEqualTo(bytes(3, 4097));
                assertThat(fs.readAllBytes("/ünïcødé name.txt")).isEqualTo(bytes(4, 5));
                fs.write("/Sub Dir/ours with a long name.txt", bytes(5, 70_000));
                fs.write("/lower.txt", bytes(6, 4097));
                fs.rename("/Sub Dir/UPPER.TXT", "/Sub Dir/renamed upper.txt");
                fs.delete("/Sub Dir/nested/Long File Name.bin");
                fs.delete("/Sub Dir/nested");
            }
            Peers.assertFsckClean(img);
            assertThat(Peers.mtype(img, 0, "/Sub Dir/ours with a long name.txt")).isEqualTo(bytes(5, 70_000));
            assertThat(Peers.mtype(img, 0, "/lower.txt")).isEqualTo(bytes(6, 4097));
            assertThat(Peers.mtype(img, 0, "/Sub Dir/renamed upper.txt")).isEqualTo(bytes(2, 10));
        }
    }

    @Test
    void refusesBadNamesAndPathsWithClearMessages() throws IOException {
        try (ImageFile f = ImageFile.create(dir.resolve("n.img"), 40 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("", 1), CLOCK)) {
            assertThatThrownBy(() -> fs.write("/a:b", new byte[1])).hasMessageContaining("forbids");
            assertThatThrownBy(() -> fs.write("/trailing.", new byte[1])).hasMessageContaining("ends with a dot");
            assertThatThrownBy(() -> fs.write("/" + "x".repeat(256), new byte[1])).hasMessageContaining("256 characters");
            assertThatThrownBy(() -> fs.write("/no/such/dir.txt", new byte[1])).hasMessageContaining("no such directory: /no");
            assertThatThrownBy(() -> fs.write("/../x", new byte[1])).hasMessageContaining("not supported");
            fs.write("/file", new byte[1]);
            assertThatThrownBy(() -> fs.mkdirs("/file/sub")).hasMessageContaining("a file has that name");
            assertThatThrownBy(() -> fs.write("/file/x", new byte[1])).hasMessageContaining("is a file, not a directory");
            assertThatThrownBy(() -> fs.write("/x", new ByteArrayInputStream(new byte[3]), 5)).hasMessageContaining("ended after 3 of 5");
            assertThatThrownBy(() -> FatFormat.of("much too long label", 1)).hasMessageContaining("longer than 11");
        }
        Peers.assertFsckClean(dir.resolve("n.img"));
    }

    @Test
    void clusterSizesMatchMkfsFat() throws IOException {
        // FAT32 (-F 32) follows the same Microsoft table in mkfs.fat and here; FAT16 too (-F 16).
        record Probe(long mib, FatType type) {
        }
        for (Probe p : List.of(new Probe(40, FatType.FAT32), new Probe(260, FatType.FAT32), new Probe(300, FatType.FAT32),
                new Probe(9000, FatType.FAT32), new Probe(20000, FatType.FAT32), new Probe(40000, FatType.FAT32),
                new Probe(20, FatType.FAT16), new Probe(200, FatType.FAT16), new Probe(300, FatType.FAT16))) {
            Path theirs = dir.resolve("theirs.img");
            Files.deleteIfExists(theirs);
            Peers.Result mk = Peers.run(Peers.tool("mkfs.fat"), "-F", p.type() == FatType.FAT32 ? "32" : "16", "-C",
                    theirs.toString(), String.valueOf(p.mib() * 1024));
            assertThat(mk.exit()).as(mk.out()).isZero();
            int expected;
            try (ImageFile f = ImageFile.openReadOnly(theirs, 512); FatFileSystem fs = FatFileSystem.openReadOnly(f)) {
                expected = fs.clusterBytes();
            }
            Files.delete(theirs);
            try (ImageFile f = ImageFile.create(dir.resolve("ours.img"), p.mib() * MIB, 512);
                    FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("", 1).withType(p.type()), CLOCK)) {
                assertThat(fs.clusterBytes()).as("%s of %d MiB", p.type(), p.mib()).isEqualTo(expected);
            }
            Peers.assertFsckClean(dir.resolve("ours.img"));
            Files.delete(dir.resolve("ours.img"));
        }
    }

    @Test
    void fsckFindsDamageSoTheCleanChecksMeanSomething() throws IOException {
        Path img = dir.resolve("damaged.img");
        int cluster;
        try (ImageFile f = ImageFile.create(img, 64 * MIB, 512);
                FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("", 1), CLOCK)) {
            fs.write("/a", bytes(1, 10_000));
            cluster = fs.stat("/a").get().firstCluster();
        }
        try (ImageFile f = ImageFile.open(img, 512)) {
            byte[] bs = f.read(0, 512);
            int reserved = (bs[14] & 0xFF) | (bs[15] & 0xFF) << 8;
            f.write((long) reserved * 512 + cluster * 4L, new byte[4]); // break the chain in FAT 1
        }
        Peers.Result r = Peers.run(Peers.tool("fsck.fat"), "-n", img.toString());
        assertThat(r.exit()).as(r.out()).isNotZero();
    }

    @Test
    void readOnlyOpenRefusesWrites() throws IOException {
        Path img = dir.resolve("ro.img");
        try (ImageFile f = ImageFile.create(img, 40 * MIB, 512); FatFileSystem fs = FatFileSystem.format(f, FatFormat.of("", 1), CLOCK)) {
            fs.write("/a", new byte[] {1});
        }
        try (ImageFile f = ImageFile.open(img, 512); FatFileSystem fs = FatFileSystem.openReadOnly(f)) {
            assertThatThrownBy(() -> fs.write("/b", new byte[1])).hasMessageContaining("read-only");
            assertThat(fs.readAllBytes("/a")).containsExactly(1);
        }
    }
}
