package dev.bronze.hardware.block;

import static dev.bronze.testing.DiskPeers.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.testing.DiskPeers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JNA block device on loop devices this test creates (and always detaches). */
@Tag("root")
class LinuxBlockDeviceTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void sizesComeFromTheKernelAndDataRoundTrips(int ss) throws IOException {
        Path img = dir.resolve("l.img");
        ImageFile.create(img, 64L << 20, ss).close();
        DiskPeers.onLoop(img, ss, dev -> {
            try (LinuxBlockDevice d = LinuxBlockDevice.open(Path.of(dev))) {
                assertThat(d.size()).isEqualTo(64L << 20);
                assertThat(d.logicalSectorSize()).isEqualTo(ss);
                assertThat(d.physicalSectorSize()).isEqualTo(Integer.parseInt(run("blockdev", "--getpbsz", dev).out().strip()));
                d.write(1 << 20, new byte[] {1, 2, 3, 4});
                d.flush();
                assertThat(d.read(1 << 20, 4)).containsExactly(1, 2, 3, 4);
                d.zeroRange(1 << 20, ss);
                assertThat(d.read(1 << 20, 4)).containsExactly(0, 0, 0, 0);
                d.discard(0, d.size());
                assertThatThrownBy(() -> d.read(d.size() - 1, 2)).isInstanceOf(IOException.class);
                assertThatThrownBy(() -> d.write(d.size(), new byte[1])).isInstanceOf(IOException.class);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return null;
        });
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheDisk() throws IOException {
        Path img = dir.resolve("x.img");
        ImageFile.create(img, 16L << 20, 512).close();
        DiskPeers.onLoop(img, 512, dev -> {
            try (LinuxBlockDevice first = LinuxBlockDevice.open(Path.of(dev))) {
                assertThatThrownBy(() -> LinuxBlockDevice.open(Path.of(dev))).isInstanceOf(BronzeException.class)
                        .satisfies(e -> assertThat(((BronzeException) e).exitCode()).isEqualTo(ExitCode.REFUSED))
                        .hasMessageContaining("in use");
                try (LinuxBlockDevice reader = LinuxBlockDevice.openReadOnly(Path.of(dev))) {
                    assertThat(reader.size()).isEqualTo(first.size());
                    assertThatThrownBy(() -> reader.write(0, new byte[1])).hasMessageContaining("read-only");
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return null;
        });
        assertThatThrownBy(() -> LinuxBlockDevice.open(img)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a block device");
    }

    @Test
    void blkpgAnnouncesPartitionsWhereBlkrrpartFindsNone() throws IOException {
        Path img = dir.resolve("p.img");
        ImageFile.create(img, 32L << 20, 512).close();
        String dev = run("losetup", "-f", "--show", "-P", img.toString()).ok().out().strip();
        String name = Path.of(dev).getFileName().toString();
        try (LinuxBlockDevice d = LinuxBlockDevice.open(Path.of(dev))) {
            List<LinuxBlockDevice.KernelPartition> parts = List.of(
                    new LinuxBlockDevice.KernelPartition(1, 1 << 20, 8 << 20),
                    new LinuxBlockDevice.KernelPartition(2, 9 << 20, 4 << 20));
            LinuxBlockDevice.Reread how = d.rereadPartitions(parts,
                    n -> java.nio.file.Files.exists(Path.of("/sys/class/block/" + name + "/" + name + "p" + n)));
            assertThat(how).isIn(LinuxBlockDevice.Reread.BLKPG, LinuxBlockDevice.Reread.BLKRRPART);
            assertThat(run("cat", "/sys/class/block/" + name + "/" + name + "p2/start").out().strip()).isEqualTo("18432");
            assertThat(run("cat", "/sys/class/block/" + name + "/" + name + "p2/size").out().strip()).isEqualTo("8192");
        } finally {
            run("losetup", "-d", dev);
        }
        String plain = run("losetup", "-f", "--show", img.toString()).ok().out().strip();
        try (LinuxBlockDevice d = LinuxBlockDevice.open(Path.of(plain))) {
            assertThat(d.rereadPartitions(List.of(new LinuxBlockDevice.KernelPartition(1, 1 << 20, 1 << 20)), n -> false))
                    .isEqualTo(LinuxBlockDevice.Reread.NOT_SUPPORTED);
        } finally {
            run("losetup", "-d", plain);
        }
    }
}
