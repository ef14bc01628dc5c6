package dev.bronze.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our ELF .modinfo reader against kmod's {@code modinfo} on real Debian modules, plain and compressed. */
@Tag("root") // the module trees come from fetch-kernels (apt-get)
class ElfModinfoTest {

    @Test
    void firmwareAndAliasesEqualModinfoOnRealModules() throws Exception {
        List<Path> sample = new ArrayList<>();
        for (DebianKernels.Kernel k : DebianKernels.all()) {
            try (Stream<Path> s = Files.walk(k.modulesDir())) {
                List<Path> all = s.filter(p -> p.toString().endsWith(".ko")).sorted().toList();
                for (int i = 0; i < all.size(); i += 40) {
                    sample.add(all.get(i));
                }
                // modules known to ask for firmware, so the comparison is not only of empty lists
                all.stream().filter(p -> List.of("r8169.ko", "bnx2.ko", "brcmfmac.ko", "iwlwifi.ko", "i915.ko")
                        .contains(p.getFileName().toString())).forEach(sample::add);
            }
        }
        assertThat(sample).hasSizeGreaterThan(150);
        int withFirmware = 0;
        for (Path ko : sample) {
            ElfModinfo ours = ElfModinfo.parse(ModuleFile.read(ko));
            assertThat(ours.values("firmware")).as(ko.toString()).isEqualTo(modinfo(ko, "firmware"));
            assertThat(ours.values("alias")).as(ko.toString()).isEqualTo(modinfo(ko, "alias"));
            withFirmware += ours.values("firmware").isEmpty() ? 0 : 1;
        }
        assertThat(withFirmware).isGreaterThan(5);
    }

    @Test
    void compressedModulesReadLikeModinfo(@TempDir Path dir) throws Exception {
        Path ko = Files.walk(DebianKernels.arch("amd64").modulesDir())
                .filter(p -> p.getFileName().toString().equals("r8169.ko")).findFirst().orElseThrow();
        List<String> expected = modinfo(ko, "firmware");
        assertThat(expected).isNotEmpty();
        for (String[] tool : List.of(new String[] {"xz", "--check=crc32", "-k"}, new String[] {"zstd", "-q", "-k"},
                new String[] {"gzip", "-k"})) {
            Path copy = dir.resolve(tool[0] + "-r8169.ko");
            Files.copy(ko, copy);
            List<String> cmd = new ArrayList<>(Arrays.asList(tool));
            cmd.add(copy.toString());
            assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor()).isZero();
            String ext = switch (tool[0]) {
                case "xz" -> ".xz";
                case "zstd" -> ".zst";
                default -> ".gz";
            };
            Path packed = Path.of(copy + ext);
            assertThat(ElfModinfo.parse(ModuleFile.read(packed)).values("firmware")).as(tool[0]).isEqualTo(expected);
            if (!tool[0].equals("gzip")) { // Debian's kmod is built without zlib
                assertThat(modinfo(packed, "firmware")).as("modinfo on " + packed).isEqualTo(expected);
            }
        }
    }

    @Test
    void badFilesAreNamedNotThrownRaw(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ElfModinfo.parse("hello".repeat(20).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DriversException.class).hasMessageContaining("not an ELF");
        byte[] elf = Files.readAllBytes(Files.walk(DebianKernels.arch("arm64").modulesDir())
                .filter(p -> p.toString().endsWith(".ko")).findFirst().orElseThrow());
        assertThatThrownBy(() -> ElfModinfo.parse(Arrays.copyOf(elf, elf.length / 2)))
                .isInstanceOf(DriversException.class).hasMessageContaining("does not fit");
        Path bomb = dir.resolve("bomb.ko.xz");
        Files.write(bomb, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ModuleFile.read(bomb)).isInstanceOf(DriversException.class).hasMessageContaining(bomb.toString());
    }

    @FuzzTest(maxDuration = "20s")
    void parserOnlyEverThrowsItsOwnError(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        if (b.length > 6) {
            b[0] = 0x7f;
            b[1] = 'E';
            b[2] = 'L';
            b[3] = 'F';
        }
        try {
            ElfModinfo.parse(b);
        } catch (DriversException expected) {
            // the one acceptable failure
        }
    }

    static List<String> modinfo(Path ko, String field) throws Exception {
        Process p = new ProcessBuilder("modinfo", "-0", "-F", field, ko.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("modinfo " + ko).isZero();
        List<String> list = new ArrayList<>();
        for (String s : new String(out, StandardCharsets.UTF_8).split("\0")) {
            if (!s.isEmpty()) {
                list.add(s);
            }
        }
        return list;
    }
}
