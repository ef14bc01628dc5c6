package dev.bronze.installer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.esp.DirectoryEsp;
import dev.bronze.hardware.linux.Mounter;
import dev.bronze.testing.DiskPeers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real mount(2)/umount2(2) through JNA: a tmpfs stands in for the vfat ESP (this kernel has no
 * vfat; the vfat mount itself is exercised in QEMU by the e2e matrix).
 */
@Tag("root")
class EspMountRootTest {

    @TempDir
    Path dir;

    static List<String> mountinfoAt(Path p) throws Exception {
        String needle = " " + p + " ";
        return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(needle)).toList();
    }

    @Test
    void mountsPrivatelyUnderASharedParentAndCleansUp() throws Exception {
        DiskPeers.requireRoot();
        Mounter libc = Mounter.libc();
        // A shared parent, as /run is under systemd: a mount made under it is shared too …
        Path base = Files.createDirectories(dir.resolve("run"));
        libc.mount(base.toString(), base, null, Mounter.MS_BIND, null);
        try {
            libc.mount(null, base, null, Mounter.MS_SHARED, null);
            assertThat(mountinfoAt(base)).singleElement().asString().contains(" shared:");
            Path plain = Files.createDirectories(base.resolve("plain"));
            libc.mount("tmpfs", plain, "tmpfs", 0, "size=1m");
            try {
                assertThat(mountinfoAt(plain)).as("control: a plain mount under a shared parent propagates")
                        .singleElement().asString().contains(" shared:");
            } finally {
                libc.umount(plain, 0);
            }

            // … but not ours: the bind it sits on is private before the file system is mounted.
            EspMount m = EspMount.mountPrivately(base.resolve("bronze"), libc, "tmpfs", "tmpfs", EspMount.FLAGS,
                    "size=4m,mode=0700", "a tmpfs");
            Path mp = m.dir();
            assertThat(Files.getPosixFilePermissions(mp.getParent().resolve(mp.getFileName()))).hasSize(3);
            List<String> lines = mountinfoAt(mp);
            assertThat(lines).hasSize(2).noneMatch(l -> l.contains("shared:") || l.contains("master:"));
            String top = lines.get(1);
            assertThat(top).contains(" - tmpfs tmpfs ");
            assertThat(top.split(" ")[5]).contains("nosuid").contains("nodev").contains("noexec");

            DirectoryEsp esp = new DirectoryEsp(mp);
            esp.write("loader/loader.conf", "timeout 0\n".getBytes());
            esp.replaceAtomically("loader/loader.conf", "timeout 3\n".getBytes());
            esp.sync();
            assertThat(Files.readString(mp.resolve("loader/loader.conf"))).isEqualTo("timeout 3\n");

            m.close();
            assertThat(mountinfoAt(mp)).isEmpty();
            assertThat(mp).doesNotExist();
        } finally {
            libc.umount(base, Mounter.MNT_DETACH);
        }
    }

    @Test
    void aFailingMountNamesTheErrnoAndLeavesNothingBehind() throws Exception {
        DiskPeers.requireRoot();
        Path base = dir.resolve("run2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EspMount.mountPrivately(base, Mounter.libc(),
                dir.resolve("no-such-device").toString(), "vfat", EspMount.FLAGS, EspMount.OPTIONS, "the ESP"))
                .hasMessageContaining("cannot mount the ESP on " + base + "/esp-")
                .hasMessageMatching("(?s).*\\((ENOENT|ENODEV|ENOTBLK)\\).*");
        try (var l = Files.list(base)) {
            assertThat(l.toList()).isEmpty();
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(base.toString());
    }
}
