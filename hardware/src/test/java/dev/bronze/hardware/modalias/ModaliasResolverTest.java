package dev.bronze.hardware.modalias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.hardware.HardwareException;
import dev.bronze.testing.AliasSamples;
import dev.bronze.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModaliasResolverTest {

    /** A module tree made from the shared fixture (137 real alias lines of Linux 5.6.2). */
    private static Path excerptTree(Path dir) throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.sharedFixture("hardware/kmod/modules.alias-5.6.2.excerpt"));
        Files.write(dir.resolve("modules.alias"), lines);
        // modules.order: the modules in the order they first appear (depmod writes modules.alias that way).
        List<String> order = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("alias ")) {
                String m = "kernel/drivers/" + l.split(" ")[2] + ".ko";
                if (!order.contains(m)) {
                    order.add(m);
                }
            }
        }
        Files.write(dir.resolve("modules.order"), order);
        byte[] modinfo = ("ext4.alias=fs-ext4\0ext4.license=GPL\0unix.alias=net-pf-1\0virtio_net.alias=virtio:d00000001v*\0"
                + "e1000e.firmware=e1000e/x.bin\0zzz_builtin.alias=virtio:d00000001v*\0aaa_builtin.alias=virtio:d0000000?v*\0")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("modules.builtin.modinfo"), modinfo);
        Files.write(dir.resolve("modules.builtin"), List.of("kernel/fs/ext4/ext4.ko", "kernel/net/unix/unix.ko",
                "kernel/x/zzz_builtin.ko", "kernel/x/aaa_builtin.ko"));
        return dir;
    }

    /** The research report's table, computed with glibc fnmatch over this excerpt, in kmod order. */
    @Test
    void resolvesTheReportTable(@TempDir Path dir) throws Exception {
        ModaliasResolver r = ModaliasResolver.forModuleTree(excerptTree(dir));
        assertThat(r.resolve("pci:v00008086d00001533sv000015D9sd00001533bc02sc00i00").modules()).containsExactly("igb");
        assertThat(r.resolve("pci:v0000144Dd0000A808sv0000144Dsd0000A801bc01sc08i02").modules()).containsExactly("nvme");
        assertThat(r.resolve("usb:v0BDAp8153d3100dc00dsc00dp00ic02isc06ip00in00").modules()).containsExactly("r8152", "cdc_ether");
        assertThat(r.resolve("usb:v1645p0007d0133dc00dsc00dp00ic08isc06ip50in00").modprobeLines())
                .containsExactly("uas", "usb_storage", "usb_storage");
        assertThat(r.resolve("serio:ty01pr00id00ex00").modules()).containsExactly("atkbd", "psmouse", "serio_raw");
        assertThat(r.resolve("acpi:LNXCPU:ACPI0007:").modules()).containsExactly("acpi_cpufreq", "pcc_cpufreq");
        assertThat(r.resolve("of:NphyT(null)Cbrcm,ns-bx-usb3-phy").modules()).containsExactly("phy_bcm_ns_usb3");
        assertThat(r.resolve("pci:v00008086d00001533sv000015D9sd00001533").isEmpty()).isTrue();
        // Names resolve to themselves; built-ins by name only after every alias.
        assertThat(r.resolve("usb-storage").matches()).singleElement()
                .extracting(ModuleMatch::source).isEqualTo(ModuleMatch.Source.MODULE_NAME);
        assertThat(r.resolve("ext4").matches()).singleElement()
                .satisfies(m -> assertThat(m.builtin()).isTrue());
        assertThat(r.resolve("net-pf-1").modules()).containsExactly("unix");
    }

    @Test
    void builtinsOfEqualPriorityComeInReverseWalkOrder(@TempDir Path dir) throws Exception {
        ModaliasResolver r = ModaliasResolver.forModuleTree(excerptTree(dir));
        // virtio_net (loadable) wins over built-ins: modules.alias is searched first.
        assertThat(r.resolve("virtio:d00000001v00001AF4").modules()).containsExactly("virtio_net");
        // A string only built-ins match: '*' subtree after "virtio:d0000000" is walked before '?',
        // and libkmod puts later-met equal priorities first.
        assertThat(r.resolve("virtio:d00000009v00001AF4").modules()).containsExactly("aaa_builtin");
    }

    @Test
    void configAliasesWinAndBlacklistIsOnlyAFlag(@TempDir Path dir) throws Exception {
        ModprobeConfig config = ModprobeConfig.parse(String.join("\n",
                "alias pci:v00008086d00001533* e1000-e   # comment-less tokens only",
                "blacklist cdc_ether",
                "install foo /bin/true",
                "softdep igb pre: dca",
                "bogus line",
                "alias onlyone"), "test.conf");
        assertThat(config.problems()).hasSize(2).allSatisfy(p -> assertThat(p).startsWith("test.conf line"));
        ModaliasResolver r = ModaliasResolver.of(ModuleTreeReader.read(excerptTree(dir)), config);
        assertThat(r.resolve("pci:v00008086d00001533sv000015D9sd00001533bc02sc00i00").modules()).containsExactly("e1000_e");
        Resolution usb = r.resolve("usb:v0BDAp8153d3100dc00dsc00dp00ic02isc06ip00in00");
        assertThat(usb.modules()).containsExactly("r8152", "cdc_ether");
        assertThat(usb.loadable()).containsExactly("r8152");
        assertThat(r.resolve("foo").matches()).singleElement()
                .extracting(ModuleMatch::source).isEqualTo(ModuleMatch.Source.COMMAND);
        assertThat(config.softdeps()).containsKey("igb");
    }

    @Test
    void configDirectoriesShadowByFileName(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc/modprobe.d"));
        Files.createDirectories(root.resolve("lib/modprobe.d"));
        Files.writeString(root.resolve("etc/modprobe.d/b.conf"), "alias x* from_etc\n");
        Files.writeString(root.resolve("lib/modprobe.d/b.conf"), "alias x* hidden\n");
        Files.writeString(root.resolve("lib/modprobe.d/a.conf"), "alias x* first\n");
        Files.writeString(root.resolve("lib/modprobe.d/c.txt"), "alias x* ignored\n");
        ModprobeConfig c = ModprobeConfig.load(root);
        assertThat(c.aliases()).extracting(ModuleCatalog.Alias::module).containsExactly("first", "from_etc");
    }

    @Test
    void normalisesLikeKmod() {
        assertThat(KmodNames.normalizeAlias("of:N*T*Cfoo,bar-baz")).hasValue("of:N*T*Cfoo,bar_baz");
        assertThat(KmodNames.normalizeAlias("usb:v1d[0-2]-x")).hasValue("usb:v1d[0-2]_x");
        assertThat(KmodNames.normalizeAlias("a]")).isEmpty();
        assertThat(KmodNames.normalizeAlias("a[b")).isEmpty();
        assertThat(KmodNames.moduleNameOfPath("kernel/drivers/net/usb/r8153-ecm.ko.zst")).isEqualTo("r8153_ecm");
    }

    @Test
    void badTreesAreNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ModuleTreeReader.read(dir.resolve("nope"))).isInstanceOf(HardwareException.class)
                .hasMessageContaining("does not exist");
        Files.writeString(dir.resolve("modules.order"), "kernel/a.ko\n");
        assertThatThrownBy(() -> ModuleTreeReader.read(dir)).hasMessageContaining("run depmod");
        Files.writeString(dir.resolve("modules.alias"), "alias ok a\nthis is wrong\n");
        assertThatThrownBy(() -> ModuleTreeReader.read(dir)).hasMessageContaining("line 2")
                .hasMessageContaining("alias PATTERN MODULE");
    }

    /** The fast index and libkmod's literal walk give the same lists, order included. */
    @Test
    void fastIndexEqualsTheWalk() throws Exception {
        List<AliasIndex.Value> values = new ArrayList<>();
        Random rnd = new Random(11);
        List<String> patterns = new ArrayList<>();
        for (String l : Files.readAllLines(Fixtures.sharedFixture("hardware/kmod/modules.alias-5.6.2.excerpt"))) {
            if (l.startsWith("alias ")) {
                patterns.add(KmodNames.normalizeAlias(l.split(" ")[1]).orElseThrow());
            }
        }
        // Equal priorities on purpose (as built-ins have), plus a few shared patterns and prefixes.
        for (int i = 0; i < patterns.size(); i++) {
            values.add(new AliasIndex.Value("m" + i, rnd.nextInt(3), patterns.get(i)));
            if (i % 5 == 0) {
                values.add(new AliasIndex.Value("dup" + i, rnd.nextInt(3), patterns.get(i)));
            }
        }
        for (String extra : List.of("usb:v*", "usb:v?*", "usb:v[0-9]*", "usb:", "usb", "pci:v*", "pci:v0000*",
                "acpi*", "acpi*:*", "*", "?*", "[a-z]*", "vir\\tio:*", "virtio:d0000000[!x]v*")) {
            values.add(new AliasIndex.Value("x" + extra, rnd.nextInt(3), extra));
        }
        AliasIndex index = AliasIndex.build(values);
        int nonEmpty = 0;
        for (int i = 0; i < 20_000; i++) {
            String p = values.get(rnd.nextInt(values.size())).pattern();
            String key = AliasSamples.instantiate(p, rnd);
            if (rnd.nextBoolean()) {
                key = AliasSamples.mutate(key, rnd);
            }
            List<AliasIndex.Value> fast = index.search(key);
            assertThat(fast).as(key).isEqualTo(index.searchByWalk(key));
            nonEmpty += fast.size() > 1 ? 1 : 0;
        }
        assertThat(nonEmpty).isGreaterThan(1000);
    }

    @FuzzTest(maxDuration = "20s")
    void parsersNeverThrowUnexpectedly(FuzzedDataProvider data) {
        String text = data.consumeString(2000);
        byte[] modinfo = data.consumeRemainingAsBytes();
        BuiltinModinfo.parse(modinfo).aliases();
        ModprobeConfig c = ModprobeConfig.parse(text, "fuzz.conf");
        try {
            List<ModuleCatalog.Alias> a = ModuleTreeReader.parseAliases(text, Path.of("modules.alias"));
            ModaliasResolver r = ModaliasResolver.of(new ModuleCatalog(List.of(), a, List.of(), List.of(),
                    BuiltinModinfo.parse(modinfo).aliases()), c);
            r.resolve(text);
        } catch (HardwareException expected) {
            // a named parse error is the right outcome for bad lines
        }
    }
}
