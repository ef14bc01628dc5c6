package dev.bronze.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysRootTest {

    @TempDir
    Path dir;

    @Test
    void readsTrimmedTextBelowTheRoot() throws Exception {
        Files.createDirectories(dir.resolve("sys/class/dmi/id"));
        Files.writeString(dir.resolve("sys/class/dmi/id/sys_vendor"), "Amazon EC2\n");
        SysRoot root = SysRoot.of(dir);
        assertThat(root.text("/sys/class/dmi/id/sys_vendor")).contains("Amazon EC2");
        assertThat(root.text("sys/class/dmi/id/sys_vendor")).contains("Amazon EC2");
        assertThat(root.isHost()).isFalse();
    }

    @Test
    void deviceTreeStringsLoseTheirTerminator() throws Exception {
        Files.createDirectories(dir.resolve("proc/device-tree"));
        Files.write(dir.resolve("proc/device-tree/model"), "Raspberry Pi 4 Model B Rev 1.4\0".getBytes());
        assertThat(SysRoot.of(dir).text("proc/device-tree/model")).contains("Raspberry Pi 4 Model B Rev 1.4");
    }

    @Test
    void hugeBinaryMissingAndSpecialFilesAreUnavailableNotErrors() throws Exception {
        Files.write(dir.resolve("huge"), new byte[10 << 20]);
        Files.write(dir.resolve("binary"), new byte[] {1, 2, (byte) 0xff, 0x7f, 3});
        Files.createDirectory(dir.resolve("adir"));
        Files.createSymbolicLink(dir.resolve("loop1"), dir.resolve("loop2"));
        Files.createSymbolicLink(dir.resolve("loop2"), dir.resolve("loop1"));
        SysRoot root = SysRoot.of(dir);

        assertThat(root.read("huge")).isInstanceOf(SysRead.Content.class);
        assertThat(((SysRead.Content) root.read("huge")).truncated()).isTrue();
        assertThat(((SysRead.Content) root.read("huge")).bytes()).hasSize(SysRoot.DEFAULT_MAX_BYTES);
        assertThat(root.text("huge")).isEmpty();
        assertThat(root.text("binary")).isEmpty();
        assertThat(root.read("binary").describe()).isEqualTo("unavailable: binary content");
        assertThat(root.read("missing")).isEqualTo(SysRead.Absent.INSTANCE);
        assertThat(root.read("adir")).isInstanceOf(SysRead.Unreadable.class);
        assertThat(root.read("loop1")).isInstanceOf(SysRead.Unreadable.class);
    }

    @Test
    void refusesToEscapeTheRoot() {
        SysRoot root = SysRoot.of(dir);
        assertThatThrownBy(() -> root.path("sys/../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(root.read("sys/../../etc/passwd")).isInstanceOf(SysRead.Unreadable.class);
    }

    @Test
    void listsSortedAndReadsLinks() throws Exception {
        Files.createDirectories(dir.resolve("dev/disk/by-label"));
        Files.createSymbolicLink(dir.resolve("dev/disk/by-label/cidata"), Path.of("../../sr0"));
        Files.createSymbolicLink(dir.resolve("dev/disk/by-label/EFI"), Path.of("../../vda1"));
        SysRoot root = SysRoot.of(dir);
        assertThat(root.list("dev/disk/by-label")).containsExactly("EFI", "cidata");
        assertThat(root.readLink("dev/disk/by-label/cidata")).contains("../../sr0");
        assertThat(root.list("nope")).isEmpty();
    }

    @Test
    void rootOfSlashIsTheHost() {
        assertThat(SysRoot.of(Path.of("/"))).isSameAs(SysRoot.host());
        assertThat(SysRoot.host().isHost()).isTrue();
    }
}
