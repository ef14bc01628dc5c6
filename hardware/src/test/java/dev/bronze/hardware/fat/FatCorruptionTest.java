package dev.bronze.hardware.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.HardwareException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FatCorruptionTest {

    private static FatFileSystem open(MemoryDevice d) {
        return FatFileSystem.openReadOnly(d);
    }

    private static void putInt(MemoryDevice d, long off, int v) throws Exception {
        d.write(off, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, v));
    }

    private static void putShort(MemoryDevice d, long off, int v) throws Exception {
        d.write(off, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) v));
    }

    /** FAT32 template: 512-byte sectors and clusters, 32 reserved sectors; FAT entry n at 32*512 + 4n. */
    private static long fatEntry(FatFileSystem fs, MemoryDevice d, int cluster) throws Exception {
        byte[] bs = d.read(0, 512);
        ByteBuffer b = ByteBuffer.wrap(bs).order(ByteOrder.LITTLE_ENDIAN);
        return (long) (b.getShort(14) & 0xFFFF) * 512 + (long) cluster * 4;
    }

    @Test
    void badBootSectorFieldsAreNamed() throws Exception {
        record Case(int offset, int width, int value, String message) {
        }
        Case[] cases = {
            new Case(510, 2, 0, "no boot sector signature"),
            new Case(11, 2, 513, "bytes per sector is 513"),
            new Case(13, 1, 3, "sectors per cluster is 3"),
            new Case(13, 1, 0, "sectors per cluster is 0"),
            new Case(14, 2, 0, "reserved sector count is 0"),
            new Case(16, 1, 0, "number of FATs is 0"),
            new Case(32, 4, 0x7FFFFFFF, "truncated image"),
            new Case(36, 4, 0, "FAT size is 0"),
            new Case(36, 4, 0x01000000, "leave no data area"),
            new Case(44, 4, 0x7FFFFFFF, "root directory cluster 2147483647"),
            new Case(17, 2, 512, "root entry count of 512"),
        };
        for (Case c : cases) {
            MemoryDevice d = HostileImages.FAT32.fork();
            if (c.width == 1) {
                d.poke(c.offset, (byte) c.value);
            } else if (c.width == 2) {
                putShort(d, c.offset, c.value);
            } else {
                putInt(d, c.offset, c.value);
            }
            assertThatThrownBy(() -> open(d)).as("case %s", c).isInstanceOf(HardwareException.class)
                    .hasMessageContaining("bad boot sector").hasMessageContaining(c.message);
        }
    }

    @Test
    void chainLoopsAndOutOfRangeClustersAreErrorsNotHangs() throws Exception {
        MemoryDevice d = HostileImages.FAT32.fork();
        int kernelCluster;
        try (FatFileSystem fs = open(d)) {
            kernelCluster = fs.stat("/EFI/BOOT/BOOTX64.EFI").get().firstCluster();
            int rootCluster = 2;
            // The root directory's chain points back at itself: a loop.
            putInt(d, fatEntry(fs, d, rootCluster), rootCluster);
        }
        assertThatThrownBy(() -> open(d).list("/")).isInstanceOf(HardwareException.class)
                .hasMessageContaining("the root directory");
        MemoryDevice e = HostileImages.FAT32.fork();
        try (FatFileSystem fs = open(e)) {
            putInt(e, fatEntry(fs, e, kernelCluster + 3), 0x0FFFFFF0);
        }
        assertThatThrownBy(() -> open(e).readAllBytes("/EFI/BOOT/BOOTX64.EFI")).isInstanceOf(HardwareException.class)
                .hasMessageContaining("outside 2..");
        MemoryDevice f = HostileImages.FAT32.fork();
        try (FatFileSystem fs = open(f)) {
            putInt(f, fatEntry(fs, f, kernelCluster + 3), 0x0FFFFFFF);
        }
        assertThatThrownBy(() -> open(f).readAllBytes("/EFI/BOOT/BOOTX64.EFI")).isInstanceOf(HardwareException.class)
                .hasMessageContaining("truncated");
        MemoryDevice g = HostileImages.FAT32.fork();
        try (FatFileSystem fs = open(g)) {
            putInt(g, fatEntry(fs, g, kernelCluster + 3), 0);
        }
        assertThatThrownBy(() -> open(g).readAllBytes("/EFI/BOOT/BOOTX64.EFI")).isInstanceOf(HardwareException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void aDirectoryChainLongerThan65536EntriesIsRefused() throws Exception {
        MemoryDevice d = HostileImages.FAT32.fork();
        int clusters;
        try (FatFileSystem fs = open(d)) {
            clusters = fs.clusterCount();
            // Chain the root through 5000 clusters (2.5 MiB at 512 bytes): more than 65536 slots.
            // Directory slots there are zero: readers stop at the end marker, the chain still counts.
            for (int c = 2; c < 5002; c++) {
                putInt(d, fatEntry(fs, d, c), c + 1);
            }
        }
        assertThat(clusters).isGreaterThan(5002);
        assertThatThrownBy(() -> open(d).list("/")).isInstanceOf(HardwareException.class)
                .hasMessageContaining("larger than 65536 entries");
    }

    @Test
    void truncatedImagesAreNamedAsSuch() throws Exception {
        MemoryDevice small = new MemoryDevice(1 << 20, 512);
        small.write(0, ByteBuffer.wrap(HostileImages.FAT32.read(0, 512)));
        assertThatThrownBy(() -> open(small)).isInstanceOf(HardwareException.class)
                .hasMessageContaining("truncated image");
        assertThatThrownBy(() -> open(new MemoryDevice(100, 512))).isInstanceOf(HardwareException.class)
                .hasMessageContaining("too small");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void randomCorruptionOfMetadataOnlyEverGivesClearErrors() throws Exception {
        Random r = new Random(20260314);
        for (int i = 0; i < 1500; i++) {
            MemoryDevice d = (i % 2 == 0 ? HostileImages.FAT32 : HostileImages.FAT16).fork();
            int n = 1 + r.nextInt(16);
            for (int k = 0; k < n; k++) {
                long[] region = HostileImages.REGIONS[r.nextInt(HostileImages.REGIONS.length)];
                d.poke(region[0] + (long) (r.nextDouble() * region[1]), (byte) r.nextInt(256));
            }
            HostileImages.openAndWalk(d);
        }
    }

    @Test
    void theTemplatesAreReadableWhenIntact() {
        for (MemoryDevice t : new MemoryDevice[] {HostileImages.FAT32, HostileImages.FAT16}) {
            try (FatFileSystem fs = open(t.fork())) {
                assertThat(fs.list("/loader/entries")).hasSize(39);
                fs.read("/EFI/BOOT/BOOTX64.EFI", OutputStream.nullOutputStream());
            }
        }
    }
}
