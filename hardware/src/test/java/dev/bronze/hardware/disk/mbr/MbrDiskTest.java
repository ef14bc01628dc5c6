package dev.bronze.hardware.disk.mbr;

import static dev.bronze.testing.DiskPeers.runWithInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.block.ImageFile;
import dev.bronze.testing.DiskPeers;
import dev.bronze.testing.MemoryDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MbrDiskTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatSfdiskWritesIncludingLogicalPartitions() throws IOException {
        Path img = dir.resolve("dos.img");
        ImageFile.create(img, 256L << 20, 512).close();
        runWithInput("""
                label: dos
                label-id: 0x1234abcd
                start=2048, size=64MiB, type=c, bootable
                size=16MiB, type=83
                type=5
                size=8MiB, type=83
                size=8MiB, type=82
                """, "sfdisk", "-q", img.toString()).ok();
        try (ImageFile f = ImageFile.openReadOnly(img, 512)) {
            Mbr mbr = MbrDisk.read(f).orElseThrow();
            assertThat(mbr.ptuuid()).isEqualTo("1234abcd");
            assertThat(mbr.isProtective()).isFalse();
            assertThat(mbr.partitions()).extracting(MbrPartition::number).containsExactly(1, 2, 3, 5, 6);
            MbrPartition boot = mbr.partitions().get(0);
            assertThat(boot.bootable()).isTrue();
            assertThat(boot.type()).isEqualTo(MbrPartition.TYPE_FAT32_LBA);
            assertThat(boot.firstLba()).isEqualTo(2048);
            assertThat(boot.sectors()).isEqualTo(64L * 2048);
            assertThat(mbr.partitions().get(2).isExtended()).isTrue();
            MbrPartition swap = mbr.partitions().get(4);
            assertThat(swap.type()).isEqualTo(MbrPartition.TYPE_LINUX_SWAP);
            assertThat(swap.sectors()).isEqualTo(8L * 2048);
            // sfdisk's own view of the logical partitions' starts.
            String json = DiskPeers.run("sfdisk", "--json", img.toString()).ok().out();
            assertThat(json).contains("\"start\": " + mbr.partitions().get(3).firstLba())
                    .contains("\"start\": " + swap.firstLba());
        }
    }

    @Test
    void writesTablesSfdiskReadsAndKeepsBootCode() throws IOException {
        Path img = dir.resolve("w.img");
        try (ImageFile f = ImageFile.create(img, 64L << 20, 512)) {
            f.write(0, new byte[] {(byte) 0xeb, 0x63, (byte) 0x90});
            MbrDisk.write(f, new Mbr(0xcafe0001L, List.of(
                    new MbrPartition(1, true, MbrPartition.TYPE_FAT32_LBA, 2048, 32768),
                    new MbrPartition(2, false, MbrPartition.TYPE_LINUX, 34816, 2048))));
            assertThat(f.read(0, 3)).containsExactly(0xeb, 0x63, 0x90);
        }
        var t = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(DiskPeers.run("sfdisk", "--json", img.toString()).ok().out()).get("partitiontable");
        assertThat(t.get("id").asText()).isEqualTo("0xcafe0001");
        assertThat(t.get("partitions").get(0).toString()).contains("\"start\":2048,\"size\":32768,\"type\":\"c\",\"bootable\":true");
        assertThat(t.get("partitions").get(1).toString()).contains("\"start\":34816,\"size\":2048,\"type\":\"83\"}");
        DiskPeers.Result verify = DiskPeers.run("sfdisk", "--verify", img.toString());
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    }

    @Test
    void brokenTablesGiveClearErrors() throws IOException {
        byte[] disk = new byte[64 * 512];
        disk[510] = 0x55;
        disk[511] = (byte) 0xaa;
        put(disk, 0, 0x00, 0x83, 2048, 100);
        MemoryDisk d = new MemoryDisk(disk, 512);
        assertThatThrownBy(() -> MbrDisk.read(d)).isInstanceOf(MbrException.class).hasMessageContaining("past the end of the disk");
        put(disk, 0, 0x00, 0x83, 10, 20);
        put(disk, 1, 0x00, 0x83, 20, 10);
        assertThatThrownBy(() -> MbrDisk.read(d)).hasMessageContaining("partitions 1 and 2 overlap at LBA 20");
        put(disk, 1, 0x42, 0x83, 40, 10);
        assertThatThrownBy(() -> MbrDisk.read(d)).hasMessageContaining("boot flag 0x42");
        // An extended partition whose EBR chain points back at itself.
        put(disk, 0, 0x00, 0x83, 10, 20);
        put(disk, 1, 0x00, 0x05, 40, 20);
        int ebr = 45 * 512;
        put40(disk, 40 * 512, 0x83, 1, 2, 5);
        put40(disk, ebr, 0x83, 1, 2, 5);
        assertThatThrownBy(() -> MbrDisk.read(d)).hasMessageContaining("loops");
        put40(disk, ebr, 0x83, 1, 2, 0);
        assertThat(MbrDisk.read(d).orElseThrow().partitions()).extracting(MbrPartition::number).containsExactly(1, 2, 5, 6);
        assertThat(MbrDisk.read(new MemoryDisk(new byte[512], 512))).isEmpty();
    }

    /** An EBR at byte {@code at}: a logical partition (rel, count) and a link to the next EBR (rel to the extended start). */
    private static void put40(byte[] disk, int at, int type, int rel, int count, int nextRel) {
        disk[at + 510] = 0x55;
        disk[at + 511] = (byte) 0xaa;
        disk[at + 446 + 4] = (byte) type;
        java.nio.ByteBuffer.wrap(disk, at + 446 + 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(rel).putInt(count);
        disk[at + 462 + 4] = (byte) (nextRel == 0 ? 0 : 0x05);
        java.nio.ByteBuffer.wrap(disk, at + 462 + 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(nextRel).putInt(nextRel == 0 ? 0 : 4);
    }

    private static void put(byte[] disk, int slot, int flag, int type, long start, long count) {
        int r = 446 + 16 * slot;
        disk[r] = (byte) flag;
        disk[r + 4] = (byte) type;
        java.nio.ByteBuffer.wrap(disk, r + 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) start).putInt((int) count);
    }
}
