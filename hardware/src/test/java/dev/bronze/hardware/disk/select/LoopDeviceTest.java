package dev.bronze.hardware.disk.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.disk.discovery.Disk;
import dev.bronze.hardware.disk.discovery.DiskUse;
import dev.bronze.hardware.disk.discovery.Disks;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.OpenFlags;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kernel as the peer: a loop device we attach (4096-byte sectors), format and mount, seen
 * through this machine's own sysfs and mountinfo. Needs root (CI is root); never touches a disk of
 * this machine, and always detaches what it attached.
 */
@Tag("root")
class LoopDeviceTest {

    @TempDir
    Path dir;

    @Test
    void aMountedLoopDeviceIsInUseAndRefusedAndFreeOnceUnmounted() throws Exception {
        Path img = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        String loop = run("losetup", "--find", "--show", "--sector-size", "4096", img.toString()).strip();
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        boolean mounted = false;
        try {
            String name = loop.substring("/dev/".length());
            Disk free = find(name);
            assertThat(free.sizeBytes()).isEqualTo(64L << 20);
            assertThat(free.logicalSectorSize()).isEqualTo(4096);
            assertThat(free.virtual()).isTrue();
            assertThat(free.uses()).isEmpty();
            assertThat(KernelClaim.probe(SysRoot.host(), name)).isEqualTo(KernelClaim.Answer.FREE);
            // --disk accepts a loop device (installing into an attached image)...
            assertThat(InstallDisk.fromDevice(SysRoot.host(), loop).name()).isEqualTo(name);
            // ...but a selector never picks one.
            assertThat(DiskSelector.parse("size=64MiB").evaluate(Disks.discover(SysRoot.host())))
                    .noneMatch(c -> c.disk().name().equals(name));

            // Held exclusively by someone sysfs does not show (here: this JVM, as ZFS or a tool would):
            // only the kernel's exclusive-open check can see it.
            POSIX posix = POSIXFactory.getNativePOSIX();
            int fd = posix.open(loop, OpenFlags.O_RDONLY.intValue() | OpenFlags.O_EXCL.intValue(), 0);
            assertThat(fd).isNotNegative();
            try {
                assertThat(find(name).uses()).isEmpty();
                assertThatThrownBy(() -> InstallDisk.fromDevice(SysRoot.host(), loop))
                        .hasMessageContaining("the kernel refuses an exclusive open (EBUSY)")
                        .satisfies(e -> assertThat(((BronzeException) e).exitCode()).isEqualTo(ExitCode.REFUSED));
            } finally {
                posix.close(fd);
            }
            assertThat(InstallDisk.fromDevice(SysRoot.host(), loop).name()).isEqualTo(name);

            run("mkfs.ext4", "-q", "-F", loop);
            run("mount", loop, mnt.toString());
            mounted = true;
            assertThat(KernelClaim.probe(SysRoot.host(), name)).isEqualTo(KernelClaim.Answer.BUSY);
            Disk used = find(name);
            assertThat(used.mountPoints()).containsExactly(mnt.toString());
            assertThat(used.uses()).extracting(DiskUse::kind).containsExactly(DiskUse.Kind.MOUNTED);
            assertThatThrownBy(() -> InstallDisk.fromDevice(SysRoot.host(), loop))
                    .isInstanceOf(BronzeException.class)
                    .hasMessage("disk " + loop + " is in use: " + mnt + " is mounted from " + name
                            + "; refusing (no option overrides this)")
                    .satisfies(e -> assertThat(((BronzeException) e).exitCode()).isEqualTo(ExitCode.REFUSED));

            run("umount", mnt.toString());
            mounted = false;
            assertThat(find(name).uses()).isEmpty();
        } finally {
            if (mounted) {
                run("umount", mnt.toString());
            }
            run("losetup", "--detach", loop);
        }
    }

    private static Disk find(String name) {
        List<Disk> all = Disks.discover(SysRoot.host(), true);
        return all.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not discovered"));
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
