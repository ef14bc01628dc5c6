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
}
