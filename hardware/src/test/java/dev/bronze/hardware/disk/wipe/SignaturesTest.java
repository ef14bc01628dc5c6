package dev.bronze.hardware.disk.wipe;

import static dev.bronze.testing.DiskPeers.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.block.ImageFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signatures made by the real mkfs tools are found, and gone for blkid after a fast wipe. */
class SignaturesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"xfs,mkfs.xfs -q -f", "ext4,mkfs.ext4 -q -F", "vfat,mkfs.fat -F 32", "swap,mkswap"})
    void findsWhatMkfsWroteAndTheWipeRemovesIt(String type, String mkfs) throws IOException {
        Path part = dir.resolve(type + ".img");
        ImageFile.create(part, 400L << 20, 512).close();
        List<String> cmd = new java.util.ArrayList<>(List.of(mkfs.split(" ")));
        cmd.add(part.toString());
        run(cmd.toArray(String[]::new)).ok();
        assertThat(run("blkid", "-p", "-o", "value", "-s", "TYPE", part.toString()).out().strip()).isEqualTo(type);
        try (ImageFile f = ImageFile.open(part, 512)) {
            assertThat(Signatures.detect(f)).extracting(Signatures.Found::type).contains(type);
            FastWipe.wipe(f, List.of(new FastWipe.Region(0, f.size())));
            assertThat(Signatures.detect(f)).isEmpty();
        }
        assertThat(run("blkid", "-p", "-o", "value", "-s", "TYPE", part.toString()).out().strip()).isEmpty();
    }

    @Test
    void mdSuperblocksAtTheEndAndLvmLabelsAreFound() throws IOException {
        Path img = dir.resolve("md.img");
        try (ImageFile f = ImageFile.create(img, 8L << 20, 512)) {
            long v10 = ((f.size() - 0x2000) & ~0xfffL);
            f.write(v10, new byte[] {(byte) 0xfc, 0x4e, 0x2b, (byte) 0xa9});
            f.write(0x218, "LVM2 001".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(Signatures.detect(f)).extracting(Signatures.Found::type)
                    .containsExactlyInAnyOrder("linux_raid_member", "LVM2_member");
            FastWipe.wipe(f, List.of(new FastWipe.Region(0, f.size())));
            assertThat(Signatures.detect(f)).isEmpty();
        }
    }

    @Test
    void theWipedRangesCoverHeadTailAndTheBtrfsMirror() {
        List<FastWipe.Region> r = FastWipe.zeroedRanges(10L << 30, List.of(new FastWipe.Region(1L << 20, 1L << 30)));
        assertThat(r).contains(new FastWipe.Region(0, 1 << 20), new FastWipe.Region((10L << 30) - (1 << 20), 1 << 20),
                new FastWipe.Region(1 << 20, 1 << 20), new FastWipe.Region((1L << 30), 1 << 20),
                new FastWipe.Region((1 << 20) + (64L << 20), 4096));
    }
}
