package dev.bronze.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.hardware.modalias.ModaliasResolver;
import dev.bronze.hardware.modalias.ModuleCatalog;
import dev.bronze.hardware.modalias.ModuleTreeReader;
import dev.bronze.testing.Modprobe;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DriversManifestTest {

    /** A manifest generated from a real tree answers exactly as modprobe -R on that tree. */
    @Tag("root")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"amd64", "arm64"})
    void generatedManifestAnswersLikeModprobe(String arch, @TempDir Path tmp) throws Exception {
        DebianKernels.Kernel k = DebianKernels.arch(arch);
        DriversManifest generated = new ManifestGenerator(ExtensionTable.bundled()).generate(k.modulesDir(), arch, k.source());
        Path file = tmp.resolve("m.yaml.xz");
        ManifestGenerator.write(generated, file);
        DriversManifest loaded = DriversManifest.load(file);
        assertThat(loaded).isEqualTo(generated);

        ManifestMatcher matcher = loaded.kernel(null).matcher();
        ModuleCatalog catalog = ModuleTreeReader.read(k.modulesDir());
        List<String> strings = ModaliasCorpus.build(catalog, new Random(3)).subList(0, 8000);
        List<List<String>> theirs = new Modprobe(k.root(), k.version(), Files.createDirectories(tmp.resolve("conf"))).resolve(strings);
        int differ = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < strings.size(); i++) {
            List<String> ours = matcher.match(strings.get(i)).resolution().modprobeLines();
            // Extension-only modules (NVIDIA) come after every module of the tree, as out-of-tree modules do.
            List<String> base = ours.stream().filter(m -> loaded.kernel(null).module(m)
                    .map(x -> x.extension() == null).orElse(true)).toList();
            if (!base.equals(theirs.get(i))) {
                differ++;
                if (first.length() == 0) {
                    first.append(strings.get(i)).append(": modprobe ").append(theirs.get(i)).append(", manifest ").append(ours);
                }
            }
        }
        assertThat(differ).as(first.toString()).isZero();

        DriversManifest.Module r8169 = loaded.kernel(null).module("r8169").orElse(null);
        if (arch.equals("amd64")) {
            assertThat(r8169).isNotNull();
            assertThat(r8169.firmware()).isNotEmpty().allSatisfy(f -> assertThat(f.extension()).isEqualTo("realtek-firmware"));
            ManifestMatcher.Match intelCpu = matcher.match("cpu:type:x86,ven0000fam0006mod009E:feature:,0000,0001");
            assertThat(intelCpu.extensions()).contains("intel-ucode");
            ManifestMatcher.Match gpu = matcher.match("pci:v000010DEd00002204sv00001043sd000087B3bc03sc00i00");
            assertThat(gpu.moduleNames()).startsWith("nouveau").contains("nvidia");
            assertThat(gpu.extensions()).contains("nvidia-open-gpu-kernel-modules");
        }
    }

    /** The manifests we ship load, and answer like the tree they were made from when that tree is current. */
    @Tag("root")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"amd64", "arm64"})
    void bundledManifestIsCurrentAndCorrect(String arch) {
        DriversManifest bundled = DriversManifest.bundled(arch);
        DriversManifest.Kernel k = bundled.kernel(null);
        assertThat(k.arch()).isEqualTo(arch);
        assertThat(k.modules()).hasSizeGreaterThan(3000);
        assertThat(k.modules().stream().filter(DriversManifest.Module::builtin).count()).isGreaterThan(50);
        DebianKernels.Kernel tree = DebianKernels.arch(arch);
        if (tree.version().equals(k.version())) {
            ModaliasResolver fromTree = ModaliasResolver.forModuleTree(tree.modulesDir());
            ManifestMatcher m = k.matcher();
            for (String s : ModaliasCorpus.build(ModuleTreeReader.read(tree.modulesDir()), new Random(9)).subList(0, 5000)) {
                List<String> base = m.match(s).resolution().modprobeLines().stream()
                        .filter(x -> k.module(x).map(y -> y.extension() == null).orElse(true)).toList();
                assertThat(base).as(s).isEqualTo(fromTree.resolve(s).modprobeLines());
            }
        } else {
            // Debian moved on: the shipped manifest is for an older kernel; regenerate it (scripts/generate).
            System.err.println("note: bundled " + arch + " manifest is for " + k.version() + ", Debian now ships " + tree.version());
        }
    }

    @Test
    void badManifestsAreNamed() {
        assertThatThrownBy(() -> DriversManifest.load(stream("format: something-else/9\nkernels: []\n"), "x.yaml"))
                .isInstanceOf(DriversException.class).hasMessageContaining("x.yaml").hasMessageContaining("something-else/9");
        assertThatThrownBy(() -> DriversManifest.load(stream("format: [unclosed\n"), "y.yaml"))
                .isInstanceOf(DriversException.class).hasMessageContaining("y.yaml is not valid");
        assertThatThrownBy(() -> DriversManifest.load(stream("not xz"), "z.yaml.xz"))
                .isInstanceOf(DriversException.class).hasMessageContaining("z.yaml.xz");
        String bomb = "format: bronze-drivers-manifest/1\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nkernels: []\n";
        // Jackson never expands YAML aliases, so a "billion laughs" document stays small.
        assertThat(DriversManifest.load(stream(bomb), "bomb.yaml").kernels()).isEmpty();
        assertThatThrownBy(() -> DriversManifest.bundled("riscv64")).hasMessageContaining("riscv64");
    }

    @Test
    void writesAndReadsBack() throws Exception {
        DriversManifest m = new DriversManifest(DriversManifest.FORMAT, List.of(new DriversManifest.Kernel("amd64", "6.1.0-test",
                "test", List.of(new DriversManifest.DeviceExtension("cpu:type:x86,ven0000*", "intel-ucode")),
                List.of(new DriversManifest.Module("igb", "kernel/igb.ko", false, null,
                                List.of("pci:v00008086d00001533sv*sd*bc*sc*i*"), List.of()),
                        new DriversManifest.Module("r8169", "kernel/r8169.ko", false, null,
                                List.of("pci:v000010ECd00008168sv*sd*bc*sc*i*"),
                                List.of(new DriversManifest.Firmware("rtl_nic/rtl8168h-2.fw", "realtek-firmware"))),
                        new DriversManifest.Module("ext4", null, true, null, List.of("fs-ext4"), List.of())))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        DriversManifest back = DriversManifest.load(new ByteArrayInputStream(out.toByteArray()), "t.yaml");
        assertThat(back).isEqualTo(m);
        ManifestMatcher.Match r = back.kernel("6.1.0-test").matcher().match("pci:v000010ECd00008168sv00001043sd00008677bc02sc00i00");
        assertThat(r.moduleNames()).containsExactly("r8169");
        assertThat(r.firmwareExtensions()).containsExactly("realtek-firmware");
        assertThat(back.kernel(null).matcher().match("fs-ext4").resolution().matches().get(0).builtin()).isTrue();
    }

    @FuzzTest(maxDuration = "20s")
    void loaderOnlyEverThrowsItsOwnError(FuzzedDataProvider data) {
        try {
            DriversManifest m = DriversManifest.load(new ByteArrayInputStream(data.consumeRemainingAsBytes()), "fuzz.yaml");
            for (DriversManifest.Kernel k : m.kernels()) {
                k.matcher().match("pci:v00008086d00001533sv000015D9sd00001533bc02sc00i00");
            }
        } catch (DriversException expected) {
            // the one acceptable failure
        }
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
