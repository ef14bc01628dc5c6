package dev.bronze.platform.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountedVolumesTest {

    @TempDir
    Path tmp;

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out.strip();
    }

    /**
     * A real ext4 volume labelled cidata (made by mke2fs -d, no mount needed), attached to a loop
     * device, found by blkid, mounted read-only by our code and unmounted afterwards.
     */
    @Test
    @Tag("root")
    void labelledVolumeIsMountedReadOnlyAndReleased() throws Exception {
        assumeTrue("0".equals(run("id", "-u")), "needs root (CI runs it as root)");
        Path content = Files.createDirectories(tmp.resolve("content"));
        Files.writeString(content.resolve("user-data"), "machine: {}\n");
        Files.writeString(content.resolve("meta-data"), "instance-id: loop\n");
        Path img = tmp.resolve("cidata.img");
        // Unique, so that another loop device on a shared machine cannot answer for it.
        String label = "bz" + Long.toHexString(System.nanoTime() & 0xffffffffL);
        run("truncate", "-s", "8M", img.toString());
        run("mkfs.ext4", "-q", "-L", label, "-d", content.toString(), img.toString());
        String loop = run("losetup", "--find", "--show", "--read-only", img.toString());
        try {
            List<Path> mountPoints = new ArrayList<>();
            Mounter recording = new Mounter() {
                @Override
                public void mountReadOnly(Path device, Path dir) throws IOException {
                    mountPoints.add(dir);
                    Mounter.system().mountReadOnly(device, dir);
                }

                @Override
                public void unmount(Path dir) throws IOException {
                    Mounter.system().unmount(dir);
                }
            };
            // No udev here: by-label links are absent, so the blkid fallback must find the loop device.
            LabelLookup blkid = new ByLabelLinks(SysRoot.host()).orElse(BlkidLabelLookup.system());
            assertThat(blkid.device(label)).hasValueSatisfying(d -> assertThat("/" + d).isEqualTo(loop));
            MountedVolumes v = new MountedVolumes(SysRoot.host(), blkid, recording);
            Optional<String> ud = v.withLabel(List.of("nope-" + label, label), f -> {
                // Read-only: writing through the mount must fail.
                assertThat(Files.isWritable(mountPoints.get(0))).isFalse();
                return f.read("user-data", 1024).map(b -> new String(b, StandardCharsets.UTF_8));
            });
            assertThat(ud).contains("machine: {}\n");
            assertThat(mountPoints).hasSize(1);
            assertThat(mountPoints.get(0)).doesNotExist();
            assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(mountPoints.get(0).toString());
            assertThat(loop).startsWith("/dev/loop");
        } finally {
            run("losetup", "-d", loop);
        }
    }

    @Test
    void symlinksCannotLeaveTheVolume(@TempDir Path vol) throws Exception {
        Files.writeString(tmp.resolve("secret"), "x");
        Files.createSymbolicLink(vol.resolve("user-data"), tmp.resolve("secret"));
        VolumeFiles f = new VolumeFiles(vol, "cidata");
        assertThat(f.read("user-data", 10)).isEmpty();
        assertThat(f.read("../secret", 10)).isEmpty();
    }

    @Test
    void udevLabelEscaping() {
        assertThat(ByLabelLinks.escape("OVF ENV")).isEqualTo("OVF\\x20ENV");
        assertThat(ByLabelLinks.escape("config-2")).isEqualTo("config-2");
        assertThat(ByLabelLinks.escape("a/b")).isEqualTo("a\\x2fb");
    }

    @Test
    void byLabelLinksResolveBelowTheRoot() throws Exception {
        Files.createDirectories(tmp.resolve("dev/disk/by-label"));
        Files.createFile(tmp.resolve("dev/sr0"));
        Files.createSymbolicLink(tmp.resolve("dev/disk/by-label/cidata"), Path.of("../../sr0"));
        assertThat(new ByLabelLinks(SysRoot.of(tmp)).device("cidata")).contains("dev/sr0");
        assertThat(new ByLabelLinks(SysRoot.of(tmp)).device("other")).isEmpty();
    }
}
