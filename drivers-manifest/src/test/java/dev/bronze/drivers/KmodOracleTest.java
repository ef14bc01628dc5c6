package dev.bronze.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.modalias.ModaliasResolver;
import dev.bronze.hardware.modalias.ModprobeConfig;
import dev.bronze.hardware.modalias.ModuleCatalog;
import dev.bronze.hardware.modalias.ModuleTreeReader;
import dev.bronze.hardware.modalias.Resolution;
import dev.bronze.testing.Modprobe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our resolver against kmod itself: for Debian's current amd64 and arm64 kernels, every answer
 * must equal what {@code modprobe -R -d ROOT -S VERSION} prints, line for line and in order.
 */
@Tag("root") // fetch-kernels uses apt-get (and dpkg --add-architecture for arm64)
class KmodOracleTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"amd64", "arm64"})
    void everyAnswerEqualsModprobe(String arch, @TempDir Path conf) throws Exception {
        DebianKernels.Kernel k = DebianKernels.arch(arch);
        ModuleCatalog catalog = ModuleTreeReader.read(k.modulesDir());
        ModaliasResolver ours = ModaliasResolver.of(catalog);
        List<String> strings = ModaliasCorpus.build(catalog, new Random(arch.hashCode()));
        assertThat(strings).hasSizeGreaterThan(20_000);

        List<List<String>> theirs = new Modprobe(k.root(), k.version(), conf).resolve(strings);
        Stats stats = compare(strings, theirs, ours);
        // The corpus must exercise every kind of answer, or agreement proves little.
        assertThat(stats.none).as("no-match cases").isGreaterThan(1000);
        assertThat(stats.multi).as("multi-module cases").isGreaterThan(200);
        assertThat(stats.single).as("single-module cases").isGreaterThan(5000);
    }

    /** modprobe.d aliases override the indexes, blacklists do not change -R, names resolve to themselves. */
    @Test
    void configAliasesAndNamesEqualModprobe(@TempDir Path conf) throws Exception {
        DebianKernels.Kernel k = DebianKernels.arch("amd64");
        Files.writeString(conf.resolve("10-site.conf"), String.join("\n",
                "# a site's own overrides",
                "alias pci:v00008086d00001533* e1000e",
                "alias pci:v00008086d0000153[0-9]sv* my-igb",
                "alias usb:v0BDAp8153* r8152",
                "alias fs-xfs zfs",
                "blacklist igb",
                "blacklist nouveau",
                "install floppy /bin/true",
                "options igb max_vfs=7",
                "softdep igb pre: dca",
                "alias broken[ foo",
                ""));
        ModuleCatalog catalog = ModuleTreeReader.read(k.modulesDir());
        ModaliasResolver ours = ModaliasResolver.of(catalog, ModprobeConfig.loadDirs(List.of(conf)));
        List<String> strings = new ArrayList<>(List.of(
                "pci:v00008086d00001533sv000015D9sd00001533bc02sc00i00",
                "pci:v00008086d00001536sv000015D9sd00001533bc02sc00i00",
                "pci:v000010DEd00001C82sv00001043sd00008613bc03sc00i00",
                "usb:v0BDAp8153d3100dc00dsc00dp00ic02isc06ip00in00",
                "fs-xfs", "fs-ext4", "floppy", "igb", "e1000-e", "usb-storage", "snd_hda_intel",
                "symbol:usb_stor_probe1", "symbol:nope", "crc32c", "crc32c_generic", "unix", "fs-tmpfs",
                "nothing-here", "pci:v", "vmbus:", "", "-", "[", "a]", "x*", "ext4.ko"));
        strings.addAll(ModaliasCorpus.build(catalog, new Random(5)).subList(0, 3000));
        strings.removeIf(String::isEmpty);
        List<List<String>> theirs = new Modprobe(k.root(), k.version(), conf).resolve(strings);
        compare(strings, theirs, ours);
    }

    static final class Stats {
        int none;
        int single;
        int multi;
    }

    private static Stats compare(List<String> strings, List<List<String>> theirs, ModaliasResolver ours) {
        Stats s = new Stats();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < strings.size(); i++) {
            Resolution r = ours.resolve(strings.get(i));
            List<String> expected = theirs.get(i);
            if (!r.modprobeLines().equals(expected) && wrong.size() < 15) {
                wrong.add(strings.get(i) + ": modprobe " + expected + ", ours " + r.modprobeLines());
            }
            Set<String> distinct = new LinkedHashSet<>(expected);
            if (distinct.isEmpty()) {
                s.none++;
            } else if (distinct.size() == 1) {
                s.single++;
            } else {
                s.multi++;
            }
        }
        assertThat(wrong).as("answers that differ from modprobe -R").isEmpty();
        return s;
    }
}
