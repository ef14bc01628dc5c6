package dev.bronze.hardware.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.testing.MemoryDisk;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockCopyTest {

    @TempDir
    Path dir;

    private Path sparsePayload() throws IOException {
        Path p = dir.resolve("payload");
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(32L << 20);
            f.seek(4L << 20);
            f.write(chunk);
            f.seek(20L << 20);
            f.write(chunk);
        }
        return p;
    }

    @Test
    void copiesIntoASliceOfAnImageThroughTheKernelAndZeroesTheHoles() throws IOException {
        Path payload = sparsePayload();
        Path img = dir.resolve("img");
        try (ImageFile f = ImageFile.create(img, 64L << 20, 512)) {
            byte[] junk = new byte[50 << 20];
            Arrays.fill(junk, (byte) 0x5a);
            f.write(8L << 20, junk);
            BlockDevice part = f.slice(16L << 20, 40L << 20);
            BlockCopy.Stats s = BlockCopy.copy(payload, part, false, n -> { });
            assertThat(s.bytesWritten()).isBetween(2L << 20, 4L << 20);
            assertThat(s.bytesZeroed() + s.bytesWritten()).isEqualTo(32L << 20);
            assertThat(f.read(16L << 20, 32 << 20)).isEqualTo(Files.readAllBytes(payload));
            // Outside the payload, the slice keeps what it had; before the slice too.
            assertThat(f.read((16L + 32) << 20, 1)).containsExactly(0x5a);
            assertThat(f.read((16L << 20) - 1, 1)).containsExactly(0x5a);
        }
    }

    @Test
    void copiesThroughBuffersWhenTheTargetHasNoChannel() throws IOException {
        Path payload = sparsePayload();
        MemoryDisk m = new MemoryDisk(new byte[48 << 20], 512);
        Arrays.fill(m.bytes(), (byte) 1);
        BlockCopy.copy(payload, m.slice(1 << 20, 40 << 20), false, n -> { });
        assertThat(Arrays.copyOfRange(m.bytes(), 1 << 20, 33 << 20)).isEqualTo(Files.readAllBytes(payload));
        MemoryDisk small = new MemoryDisk(new byte[1 << 20], 512);
        assertThatThrownBy(() -> BlockCopy.copy(payload, small, true, n -> { })).hasMessageContaining("does not fit");
    }
}
