package dev.bronze.hardware.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFileTest {

    @TempDir
    Path dir;

    @Test
    void createsSparseImagesAndReadsBackWrites() throws IOException {
        Path img = dir.resolve("disk.img");
        try (ImageFile f = ImageFile.create(img, 64L << 20, 512)) {
            f.write(4096, new byte[] {1, 2, 3});
            assertThat(f.read(4095, 5)).containsExactly(0, 1, 2, 3, 0);
            assertThat(f.size()).isEqualTo(64L << 20);
        }
        assertThat(Files.size(img)).isEqualTo(64L << 20);
    }

    @Test
    void slicesRefuseToSpillIntoTheirNeighbours() throws IOException {
        try (ImageFile f = ImageFile.create(dir.resolve("d.img"), 1 << 20, 512)) {
            BlockDevice part = f.slice(4096, 8192);
            part.write(0, new byte[] {9});
            assertThat(f.read(4096, 1)).containsExactly(9);
            assertThatThrownBy(() -> part.write(8191, new byte[] {1, 2})).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> f.slice(1 << 19, 1 << 20)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> f.read((1 << 20) - 1, 2)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void readOnlyImagesRefuseWrites() throws IOException {
        Path img = dir.resolve("ro.img");
        ImageFile.create(img, 1 << 20, 4096).close();
        try (ImageFile f = ImageFile.openReadOnly(img, 4096)) {
            assertThatThrownBy(() -> f.write(0, new byte[] {1})).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aSecondWriterIsRefusedAndReadersShare() throws IOException {
        Path img = dir.resolve("lock.img");
        try (ImageFile f = ImageFile.create(img, 1 << 20, 512)) {
            assertThatThrownBy(() -> ImageFile.open(img, 512)).isInstanceOf(IOException.class).hasMessageContaining("locked");
            assertThatThrownBy(() -> ImageFile.create(img, 1 << 20, 512)).hasMessageContaining("locked");
            assertThat(Files.size(img)).isEqualTo(1 << 20);
        }
        try (ImageFile a = ImageFile.openReadOnly(img, 512)) {
            assertThat(a.size()).isEqualTo(1 << 20);
        }
    }

    @Test
    void zeroingPunchesHolesAndDataRangesFindTheRest() throws IOException {
        Path img = dir.resolve("sparse.img");
        try (ImageFile f = ImageFile.create(img, 64L << 20, 512)) {
            f.write(8L << 20, new byte[1 << 20]);
            byte[] ones = new byte[2 << 20];
            java.util.Arrays.fill(ones, (byte) 1);
            f.write(16L << 20, ones);
            java.util.List<long[]> ranges = f.dataRanges();
            assertThat(ranges).isNotEmpty();
            long data = ranges.stream().mapToLong(r -> r[1] - r[0]).sum();
            assertThat(data).isBetween(2L << 20, 4L << 20);
            assertThat(ranges.stream().anyMatch(r -> r[0] <= (16L << 20) && r[1] >= (18L << 20))).isTrue();
            f.zeroRange(16L << 20, 2 << 20);
            assertThat(f.read(17L << 20, 4)).containsExactly(0, 0, 0, 0);
            long after = f.dataRanges().stream().mapToLong(r -> r[1] - r[0]).sum();
            assertThat(after).isLessThan(data);
            f.grow(128L << 20);
            assertThat(f.size()).isEqualTo(128L << 20);
            assertThatThrownBy(() -> f.grow((128L << 20) + 1)).hasMessageContaining("multiple");
            assertThatThrownBy(() -> f.zeroRange(127L << 20, 2 << 20)).hasMessageContaining("outside");
        }
    }
}
