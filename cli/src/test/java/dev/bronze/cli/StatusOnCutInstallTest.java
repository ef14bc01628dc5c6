package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.testing.ForwardingDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code bronze status} on images whose install lost power part-way (the full replay is the
 * installer's AbPowerCutInstallTest): exit 1 and one line on stderr saying "not installed" or
 * "incomplete install", nothing on stdout even with --json, never a stack trace or a parser's
 * own error; the uncut install reads normally.
 */
class StatusOnCutInstallTest {

    static final long SIZE = 64L << 20;

    @TempDir
    Path dir;

    /** Power goes after {@code limit} writes: the next write, and every later one, fails. */
    static final class CutDevice extends ForwardingDevice {
        private final int limit;
        int writes;

        CutDevice(BlockDevice inner, int limit) {
            super(inner);
            this.limit = limit;
        }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            if (writes >= limit) {
                throw new IOException("power cut");
            }
            writes++;
            super.write(offset, src);
        }

        @Override
        public void discard(long offset, long length) throws IOException {
            write(offset, ByteBuffer.allocate(0));
            super.discard(offset, length);
        }

        @Override
        public void zeroRange(long offset, long length) throws IOException {
            write(offset, ByteBuffer.allocate(0));
            super.zeroRange(offset, length);
        }
    }

    /** Installs onto a new image with power cut after {@code limit} writes; returns how many writes landed. */
    int install(Path img, BootloaderKind kind, int limit) throws IOException {
        Path p = Files.createDirectories(dir.resolve("payload"));
        BootPayload payload = new BootPayload.Kernel(Files.write(p.resolve("vmlinuz"), "kernel\n".repeat(20000).getBytes()),
                Files.write(p.resolve("initrd"), "initrd\n".repeat(30000).getBytes()));
        Installer installer = new Installer(BootTools.debian("x64", dir.resolve("work")), Clock.systemUTC(), SysRoot.of(dir), s -> { });
        Files.deleteIfExists(img);
        try (ImageFile f = ImageFile.create(img, SIZE, 512)) {
            Plan plan = LayoutPlanner.plan(kind.defaultLayout().withSlotPayload(4L << 20), img.toString(), SIZE, 512,
                    GuidSource.seeded("cut"), new DiskContents("none", List.of(), List.of(), false));
            CutDevice dev = new CutDevice(f, limit);
            try {
                installer.install(dev, plan, new Installer.InstallRequest(kind, payload, "1", "", Optional.empty()), true);
            } catch (IOException | RuntimeException e) {
                assertThat(dev.writes).as("install failed before its power cut: " + e).isEqualTo(limit);
            }
            return dev.writes;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sd-boot", "grub", "rpi"})
    void statusOnACutInstallSaysSoInOneLine(String bootloader) throws IOException {
        BootloaderKind kind = BootloaderKind.parse(bootloader);
        Path img = dir.resolve("cut.img");
        int total = install(img, kind, Integer.MAX_VALUE);
        assertThat(MainTest.run("status", "--image", img.toString()).code()).isZero();
        // Before the wipe ends, after the table, mid-format, mid-files, and just before the last write.
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, 1, 3, total / 4, total / 2, 3 * total / 4, total - 2, total - 1));
        int refused = 0;
        boolean completed = false;
        for (int n : cuts) {
            install(img, kind, n);
            for (boolean json : new boolean[] {false, true}) {
                MainTest.Run r = json ? MainTest.run("status", "--image", img.toString(), "--json")
                        : MainTest.run("status", "--image", img.toString());
                String where = bootloader + " cut after " + n + " of " + total + " writes: " + r.err();
                if (r.code() == 0) {
                    // Only the last writes (META's copy of the state) may follow the one that completes the install.
                    assertThat(n).as(where).isGreaterThan(3 * total / 4);
                    assertThat(r.out()).as(where).contains(json ? "\"version\" : \"1\"" : "1");
                    completed = true;
                    continue;
                }
                assertThat(r.code()).as(where).isEqualTo(1);
                assertThat(r.out()).as(where).isEmpty();
                assertThat(r.err()).as(where).startsWith("bronze: ").containsAnyOf("not installed", "incomplete install")
                        .doesNotContain("Exception").doesNotContain("\tat ");
                assertThat(r.err().strip().lines().count()).as(where).isEqualTo(1);
                refused++;
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(10);
        assertThat(completed).as("a cut among META's last writes leaves a complete install").isTrue();
    }
}
