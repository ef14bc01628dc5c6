package dev.bronze.hardware.disk.gpt;

import static dev.bronze.testing.DiskPeers.assertSgdiskClean;
import static dev.bronze.testing.DiskPeers.run;
import static dev.bronze.testing.DiskPeers.runWithInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.testing.DiskPeers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GptDiskTest {

    private static final String GOLDEN_SCRIPT = """
            label: gpt
            label-id: 11111111-2222-3333-4444-555555555555
            first-lba: 2048
            start=2048, size=65536, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE, name="EFI"
            start=67584, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=AAAAAAAA-BBBB-CCCC-DDDD-FFFFFFFFFFFF, name="root-a", attrs="GUID:63"
            """;

    @TempDir
    Path dir;

    private Path sfdiskGolden() throws IOException {
        Path img = dir.resolve("g512.img");
        try (ImageFile f = ImageFile.create(img, 64L << 20, 512)) {
            // sparse 64 MiB
        }
        runWithInput(GOLDEN_SCRIPT, "sfdisk", "-q", img.toString()).ok();
        return img;
    }

    @Test
    void guidBytesAreMixedEndianAsOnDisk() {
        assertThat(HexFormat.of().formatHex(Guids.bytes(GptType.ESP))).isEqualTo("28732ac11ff8d211ba4b00a0c93ec93b");
        assertThat(HexFormat.of().formatHex(Guids.bytes(GptType.BIOS_BOOT)))
                .isEqualTo(HexFormat.of().formatHex("Hah!IdontNeedEFI".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Guids.get(Guids.bytes(GptType.ROOT_ARM64), 0)).isEqualTo(GptType.ROOT_ARM64);
    }

    @Test
    void readsTheGoldenSfdiskTableWithTheReferenceValues() throws IOException {
        Path img = sfdiskGolden();
        try (ImageFile f = ImageFile.openReadOnly(img, 512)) {
            GptInspection i = GptDisk.inspect(f);
            assertThat(i.healthy()).as(i.summary()).isTrue();
            Gpt g = i.gpt().orElseThrow();
            assertThat(g.diskGuid()).isEqualTo(UUID.fromString("11111111-2222-3333-4444-555555555555"));
            assertThat(g.firstUsableLba()).isEqualTo(2048);
            assertThat(g.lastUsableLba()).isEqualTo(131038);
            assertThat(g.lastLba()).isEqualTo(131071);
            GptHeader ph = ((GptCopy.Valid) i.primary()).header();
            assertThat(ph.headerCrc()).isEqualTo(0x264EA2A5L);
            assertThat(ph.entryArrayCrc()).isEqualTo(0x55EAA563L);
            GptHeader bh = ((GptCopy.Valid) i.backup()).header();
            assertThat(bh.entryArrayLba()).isEqualTo(131039);
            assertThat(bh.headerCrc()).isEqualTo(0xA8426E60L);
            GptPartition root = g.partition(2).orElseThrow();
            assertThat(root.name()).isEqualTo("root-a");
            assertThat(root.firstLba()).isEqualTo(67584);
            assertThat(root.lastLba()).isEqualTo(129023);
            assertThat(root.attributes()).isEqualTo(GptType.ATTR_DPS_NO_AUTO);
            assertThat(root.type()).isEqualTo(GptType.ROOT_X86_64);
            assertThat(g.partition(1).orElseThrow().guid()).isEqualTo(UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"));
        }
    }

    @Test
    void writingTheSameTableReproducesSfdiskByteForByte() throws IOException {
        Path golden = sfdiskGolden();
        Gpt g;
        try (ImageFile f = ImageFile.openReadOnly(golden, 512)) {
            g = GptDisk.read(f);
        }
        Path ours = dir.resolve("ours.img");
        try (ImageFile f = ImageFile.create(ours, 64L << 20, 512)) {
            GptDisk.write(f, g);
        }
        byte[] a = Files.readAllBytes(golden);
        byte[] b = Files.readAllBytes(ours);
        // LBA 0..33 (pMBR, header, array) and the last 33 blocks (backup array and header).
        assertThat(Arrays.copyOfRange(b, 0, 34 * 512)).isEqualTo(Arrays.copyOfRange(a, 0, 34 * 512));
        assertThat(Arrays.copyOfRange(b, b.length - 33 * 512, b.length))
                .isEqualTo(Arrays.copyOfRange(a, a.length - 33 * 512, a.length));
        assertSgdiskClean(ours, 512);
    }

    private static Gpt sample(int ss, long bytes, GuidSource ids) {
        long lbas = bytes / ss;
        Gpt e = Gpt.empty(ss, lbas, ids.guid("disk"));
        long mib = (1L << 20) / ss;
        List<GptPartition> parts = new ArrayList<>();
        parts.add(new GptPartition(1, GptType.ESP, ids.guid("p1"), mib, 33 * mib - 1, 0, "EFI"));
        parts.add(new GptPartition(2, GptType.BIOS_BOOT, ids.guid("p2"), 33 * mib, 34 * mib - 1,
                GptType.ATTR_LEGACY_BIOS_BOOTABLE, "BIOS"));
        parts.add(new GptPartition(3, GptType.LINUX_DATA, ids.guid("p3"), 34 * mib, e.lastUsableLba() / mib * mib - 1,
                0, "Ωmega-ü"));
        return e.withPartitions(parts);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    @Tag("root")
    void ourTablesPassSgdiskAndSfdiskShowsExactlyThem(int ss) throws IOException {
        Path img = dir.resolve("t.img");
        Gpt g = sample(ss, 128L << 20, GuidSource.seeded("t"));
        try (ImageFile f = ImageFile.create(img, 128L << 20, ss)) {
            GptDisk.write(f, g);
        }
        assertSgdiskClean(img, ss);
        String json = DiskPeers.onLoop(img, ss, dev -> run("sfdisk", "--json", dev).ok().out());
        JsonNode t = new ObjectMapper().readTree(json).get("partitiontable");
        assertThat(t.get("label").asText()).isEqualTo("gpt");
        assertThat(t.get("id").asText()).isEqualToIgnoringCase(g.diskGuid().toString());
        assertThat(t.get("sectorsize").asInt()).isEqualTo(ss);
        assertThat(t.get("firstlba").asLong()).isEqualTo(g.firstUsableLba());
        assertThat(t.get("lastlba").asLong()).isEqualTo(g.lastUsableLba());
        JsonNode parts = t.get("partitions");
        assertThat(parts).hasSize(3);
        for (int i = 0; i < 3; i++) {
            GptPartition p = g.partitions().get(i);
            JsonNode j = parts.get(i);
            assertThat(j.get("start").asLong()).isEqualTo(p.firstLba());
            assertThat(j.get("size").asLong()).isEqualTo(p.sizeLbas());
            assertThat(j.get("type").asText()).isEqualToIgnoringCase(p.type().toString());
            assertThat(j.get("uuid").asText()).isEqualToIgnoringCase(p.guid().toString());
        }
        assertThat(parts.get(0).get("name").asText()).isEqualTo("EFI");
        assertThat(parts.get(1).get("attrs").asText()).isEqualTo("LegacyBIOSBootable");
    }

    @Test
    void readsWhatSgdiskWrites() throws IOException {
        Path img = dir.resolve("sg.img");
        ImageFile.create(img, 64L << 20, 512).close();
        run("sgdisk", "-o", "-U", "01234567-89ab-cdef-0123-456789abcdef",
                "-n", "1:2048:+32M", "-t", "1:EF00", "-c", "1:EFI",
                "-n", "2:0:+1M", "-t", "2:EF02", "-c", "2:BIOS", "-A", "2:set:2",
                "-n", "5:0:0", "-t", "5:8300", "-c", "5:data", img.toString()).ok();
        try (ImageFile f = ImageFile.openReadOnly(img, 512)) {
            GptInspection i = GptDisk.inspect(f);
            assertThat(i.healthy()).as(i.summary()).isTrue();
            Gpt g = i.gpt().orElseThrow();
            assertThat(g.diskGuid()).isEqualTo(UUID.fromString("01234567-89ab-cdef-0123-456789abcdef"));
            assertThat(g.partitions()).extracting(GptPartition::number).containsExactly(1, 2, 5);
            assertThat(g.partition(1).orElseThrow().type()).isEqualTo(GptType.ESP);
            assertThat(g.partition(1).orElseThrow().sizeLbas()).isEqualTo(65536);
            assertThat(g.partition(2).orElseThrow().type()).isEqualTo(GptType.BIOS_BOOT);
            assertThat(g.partition(2).orElseThrow().hasAttribute(GptType.ATTR_LEGACY_BIOS_BOOTABLE)).isTrue();
            assertThat(g.partition(5).orElseThrow().name()).isEqualTo("data");
            assertThat(g.partition(5).orElseThrow().lastLba()).isEqualTo(g.lastUsableLba());
        }
    }

    @Test
    @Tag("root")
    void readsWhatSfdiskWritesOnA4KnDevice() throws IOException {
        Path img = dir.resolve("4k.img");
        ImageFile.create(img, 512L << 20, 4096).close();
        DiskPeers.onLoop(img, 4096, dev -> runWithInput("label: gpt\nsize=64MiB, type=uefi, name=EFI\ntype=linux\n",
                "sfdisk", "-q", dev).ok());
        try (ImageFile f = ImageFile.openReadOnly(img, 4096)) {
            assertThat(GptDisk.detectSectorSize(f)).hasValue(4096);
            GptInspection i = GptDisk.inspect(f);
            assertThat(i.healthy()).as(i.summary()).isTrue();
            Gpt g = i.gpt().orElseThrow();
            // boot-ab.md §1.1: the values sfdisk writes on a 512 MiB 4Kn device.
            assertThat(g.firstUsableLba()).isEqualTo(256);
            assertThat(g.lastUsableLba()).isEqualTo(131066);
            assertThat(g.lastLba()).isEqualTo(131071);
            assertThat(g.backupArrayLba()).isEqualTo(131067);
            assertThat(g.partitions()).hasSize(2);
            assertThat(g.partition(1).orElseThrow().sizeLbas() * 4096).isEqualTo(64L << 20);
        }
    }

    private Path written(int ss) throws IOException {
        Path img = dir.resolve("w" + ss + ".img");
        try (ImageFile f = ImageFile.create(img, 64L << 20, ss)) {
            GptDisk.write(f, sample(ss, 64L << 20, GuidSource.seeded("w")));
        }
        return img;
    }

    private static void poke(Path img, long offset, byte[] bytes) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(img, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void damagedPrimaryHeaderIsDetectedAndRestoredFromTheBackup(int ss) throws IOException {
        Path img = written(ss);
        byte[] before = Files.readAllBytes(img);
        poke(img, ss + 40, new byte[] {0x7f});
        try (ImageFile f = ImageFile.open(img, ss)) {
            GptInspection i = GptDisk.inspect(f);
            assertThat(i.primary()).isInstanceOf(GptCopy.Damaged.class);
            assertThat(i.primary().describe()).contains("header CRC mismatch");
            assertThat(i.backup().isValid()).isTrue();
            assertThat(GptDisk.read(f).partitions()).hasSize(3);
            assertThat(GptDisk.repair(f)).containsExactly(GptDisk.Repair.PRIMARY_RESTORED);
            assertThat(GptDisk.inspect(f).healthy()).isTrue();
        }
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        if (ss == 512) {
            assertSgdiskClean(img, ss);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void damagedPrimaryArrayIsCaughtByItsCrc(int ss) throws IOException {
        Path img = written(ss);
        byte[] before = Files.readAllBytes(img);
        poke(img, 2L * ss + 128 + 60, new byte[] {'X'});
        try (ImageFile f = ImageFile.open(img, ss)) {
            GptInspection i = GptDisk.inspect(f);
            assertThat(i.primary().describe()).contains("entry array CRC mismatch");
            assertThat(GptDisk.repair(f)).containsExactly(GptDisk.Repair.PRIMARY_RESTORED);
        }
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void damagedBackupHeaderOrArrayIsRestoredFromThePrimary(int ss) throws IOException {
        Path img = written(ss);
        byte[] before = Files.readAllBytes(img);
        long size = Files.size(img);
        poke(img, size - ss, new byte[8]);
        poke(img, size - 2L * ss, new byte[] {1, 2, 3});
        try (ImageFile f = ImageFile.open(img, ss)) {
            GptInspection i = GptDisk.inspect(f);
            assertThat(i.primary().isValid()).isTrue();
            assertThat(i.backup()).isInstanceOf(GptCopy.Missing.class);
            assertThat(GptDisk.repair(f)).containsExactly(GptDisk.Repair.BACKUP_RESTORED);
        }
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
        if (ss == 512) {
            assertSgdiskClean(img, ss);
        }
        // Now only the backup array: its CRC must catch it.
        poke(img, size - 2L * ss - 100, new byte[] {9});
        try (ImageFile f = ImageFile.open(img, ss)) {
            assertThat(GptDisk.inspect(f).backup().describe()).contains("entry array CRC mismatch");
            GptDisk.repair(f);
        }
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
    }

    @Test
    void sgdiskAgreesAfterWeRepairATableItCorrupted() throws IOException {
        Path img = dir.resolve("sgc.img");
        ImageFile.create(img, 64L << 20, 512).close();
        run("sgdisk", "-o", "-n", "1:0:+16M", "-t", "1:EF00", "-n", "2:0:+40M", img.toString()).ok();
        poke(img, 512, new byte[512]);
        assertThat(run("sgdisk", "-v", img.toString()).out()).contains("corrupt GPT");
        try (ImageFile f = ImageFile.open(img, 512)) {
            assertThat(GptDisk.inspect(f).primary()).isInstanceOf(GptCopy.Missing.class);
            assertThat(GptDisk.repair(f)).contains(GptDisk.Repair.PRIMARY_RESTORED);
        }
        assertSgdiskClean(img, 512);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void aGrownImageHasItsBackupMovedToTheNewEnd(int ss) throws IOException {
        Path img = written(ss);
        try (ImageFile f = ImageFile.open(img, ss)) {
            f.grow(96L << 20);
            GptInspection i = GptDisk.inspect(f);
            assertThat(i.backupAtEnd()).isFalse();
            assertThat(i.healthy()).isFalse();
            assertThat(GptDisk.repair(f)).containsExactly(GptDisk.Repair.BACKUP_MOVED_TO_END);
            GptInspection after = GptDisk.inspect(f);
            assertThat(after.healthy()).as(after.summary()).isTrue();
            Gpt g = after.gpt().orElseThrow();
            assertThat(g.lastLba()).isEqualTo((96L << 20) / ss - 1);
            assertThat(g.lastUsableLba()).isEqualTo(g.backupArrayLba() - 1);
            assertThat(g.partitions()).hasSize(3);
        }
        if (ss == 512) {
            assertSgdiskClean(img, ss);
        }
    }

    @Test
    void bothCopiesDamagedIsAClearError() throws IOException {
        Path img = written(512);
        poke(img, 512 + 20, new byte[] {1});
        poke(img, Files.size(img) - 512 + 30, new byte[] {1});
        try (ImageFile f = ImageFile.open(img, 512)) {
            assertThatThrownBy(() -> GptDisk.read(f)).isInstanceOf(GptException.class)
                    .hasMessageContaining("no usable GPT").hasMessageContaining("primary GPT damaged at LBA 1");
            assertThatThrownBy(() -> GptDisk.repair(f)).hasMessageContaining("nothing to repair from");
        }
    }

    @Test
    void aTruncatedImageGivesAClearError() throws IOException {
        Path img = written(512);
        Path cut = dir.resolve("cut.img");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(img), 40 * 512));
        try (ImageFile f = ImageFile.openReadOnly(cut, 512)) {
            GptInspection i = GptDisk.inspect(f);
            assertThat(i.primary().describe()).contains("alternate header LBA 131071 is not another block of the disk (40 blocks)");
            assertThatThrownBy(() -> GptDisk.read(f)).hasMessageContaining("no usable GPT");
        }
        Files.write(cut, new byte[700]);
        try (ImageFile f = ImageFile.openReadOnly(cut, 512)) {
            assertThatThrownBy(() -> GptDisk.read(f)).hasMessageContaining("too small for a GPT");
        }
    }

    @Test
    void hostileEntryCountsAreRejectedWithoutAllocating() throws IOException {
        Path img = written(512);
        byte[] hdr = new byte[512];
        try (ImageFile f = ImageFile.openReadOnly(img, 512)) {
            f.read(512, ByteBuffer.wrap(hdr));
        }
        ByteBuffer b = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(80, -1);
        b.putInt(16, 0);
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(hdr, 0, 92);
        b.putInt(16, (int) c.getValue());
        poke(img, 512, hdr);
        try (ImageFile f = ImageFile.openReadOnly(img, 512)) {
            assertThat(GptDisk.inspect(f).primary().describe()).contains("larger than 1 MiB");
            // The backup is intact, so the table is still readable.
            assertThat(GptDisk.read(f).partitions()).hasSize(3);
        }
    }

    @Test
    void seededTablesAreByteIdenticalAndRandomOnesDiffer() throws IOException {
        Path a = dir.resolve("a.img");
        Path b = dir.resolve("b.img");
        Path c = dir.resolve("c.img");
        for (Path p : List.of(a, b)) {
            try (ImageFile f = ImageFile.create(p, 64L << 20, 512)) {
                GptDisk.write(f, sample(512, 64L << 20, GuidSource.seeded("same")));
            }
        }
        try (ImageFile f = ImageFile.create(c, 64L << 20, 512)) {
            GptDisk.write(f, sample(512, 64L << 20, GuidSource.random()));
        }
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
    }

    @Test
    void namesRoundTripAsUtf16() throws IOException {
        Path img = written(512);
        try (ImageFile f = ImageFile.openReadOnly(img, 512)) {
            assertThat(GptDisk.read(f).partition(3).orElseThrow().name()).isEqualTo("Ωmega-ü");
            byte[] raw = f.read(2 * 512 + 2 * 128 + 56, 4);
            assertThat(raw).containsExactly(0xa9, 0x03, 'm', 0);
        }
    }

    @Test
    void invalidTablesAreRefusedBeforeAnyWrite() throws IOException {
        Path img = dir.resolve("inv.img");
        try (ImageFile f = ImageFile.create(img, 64L << 20, 512)) {
            Gpt e = Gpt.empty(512, (64L << 20) / 512, UUID.randomUUID());
            Gpt overlapping = e.withPartitions(List.of(
                    new GptPartition(1, GptType.ESP, UUID.randomUUID(), 2048, 4095, 0, "a"),
                    new GptPartition(2, GptType.LINUX_DATA, UUID.randomUUID(), 4000, 8191, 0, "b")));
            assertThatThrownBy(() -> GptDisk.write(f, overlapping)).hasMessageContaining("overlap");
            assertThat(GptDisk.inspect(f).absent()).isTrue();
            try (ImageFile g = ImageFile.create(dir.resolve("x.img"), 1 << 20, 4096)) {
                assertThatThrownBy(() -> GptDisk.write(g, e)).hasMessageContaining("4096-byte sectors");
            }
        }
    }

    @Test
    void aLostProtectiveMbrIsRestoredAndTheBootCodeKept() throws IOException {
        Path img = written(512);
        poke(img, 0, new byte[] {(byte) 0xeb, 0x63, (byte) 0x90});
        poke(img, 446, new byte[66]);
        try (ImageFile f = ImageFile.open(img, 512)) {
            GptInspection i = GptDisk.inspect(f);
            assertThat(i.protectiveMbr()).isFalse();
            assertThat(i.summary()).contains("no protective MBR");
            assertThat(GptDisk.repair(f)).containsExactly(GptDisk.Repair.PROTECTIVE_MBR_RESTORED);
            assertThat(GptDisk.inspect(f).healthy()).isTrue();
            assertThat(f.read(0, 3)).containsExactly(0xeb, 0x63, 0x90);
        }
        assertSgdiskClean(img, 512);
    }
}
