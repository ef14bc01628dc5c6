package dev.bronze.bootloader.efi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EfiVariablesTest {

    @TempDir
    Path dir;

    @Test
    void writesTheBytesTheKernelDocumentationShows() throws Exception {
        Files.createDirectories(dir.resolve("sys/firmware/efi/efivars"));
        EfiVariables v = new EfiVariables(SysRoot.of(dir), EfiVariables.ImmutableFlag.NONE);
        v.writeString("LoaderEntryOneShot", "a.conf");
        byte[] file = Files.readAllBytes(dir.resolve("sys/firmware/efi/efivars/LoaderEntryOneShot-" + EfiVariables.LOADER_GUID));
        // boot-ab.md §2.8: 07 00 00 00 61 00 2e 00 63 00 6f 00 6e 00 66 00 00 00
        assertThat(HexFormat.of().formatHex(file)).isEqualTo("07000000" + "61002e0063006f006e0066000000");
        assertThat(v.readString("LoaderEntryOneShot")).contains("a.conf");
        // A shorter value replaces a longer one without truncation tricks on efivarfs; here a plain file.
        v.delete("LoaderEntryOneShot", EfiVariables.LOADER_GUID);
        assertThat(v.readString("LoaderEntryOneShot")).isEmpty();
    }

    @Test
    void readsSecureBootAndSelectedEntryFromAFixtureTree() throws Exception {
        Path vars = Files.createDirectories(dir.resolve("sys/firmware/efi/efivars"));
        Files.write(vars.resolve("SecureBoot-" + EfiVariables.GLOBAL_GUID), new byte[] {6, 0, 0, 0, 1});
        Files.write(vars.resolve("LoaderEntrySelected-" + EfiVariables.LOADER_GUID),
                HexFormat.of().parseHex("06000000" + "62007200" + "00000000"));
        EfiVariables v = new EfiVariables(SysRoot.of(dir), EfiVariables.ImmutableFlag.NONE);
        assertThat(v.available()).isTrue();
        assertThat(v.secureBoot()).contains(true);
        assertThat(v.readString("LoaderEntrySelected")).contains("br");
        assertThat(v.readString("LoaderBootCountPath")).isEmpty();
        assertThat(new EfiVariables(SysRoot.of(dir.resolve("nothing")), EfiVariables.ImmutableFlag.NONE).available()).isFalse();
    }
}
