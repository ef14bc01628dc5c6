package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModaliasCommandTest {

    private static final String IGB = "pci:v00008086d00001533sv000015D9sd00001533bc02sc00i00";
    private static final String R8153 = "usb:v0BDAp8153d3100dc00dsc00dp00ic02isc06ip00in00";

    private static Path tree(Path dir) throws Exception {
        Files.copy(Fixtures.sharedFixture("hardware/kmod/modules.alias-5.6.2.excerpt"), dir.resolve("modules.alias"));
        return dir;
    }

    @Test
    void jsonListsModulesInKmodOrderInTheOrderGiven(@TempDir Path dir) throws Exception {
        MainTest.Run r = MainTest.run("modalias", "--modules-dir", tree(dir).toString(), "--json", R8153, IGB, "nothing:here");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertThat(a).hasSize(3);
        assertThat(a.get(0).get("modalias").asText()).isEqualTo(R8153);
        assertThat(a.get(0).get("modules").toString()).isEqualTo("[\"r8152\",\"cdc_ether\"]");
        assertThat(a.get(1).get("modules").toString()).isEqualTo("[\"igb\"]");
        assertThat(a.get(2).get("modules")).isEmpty();
        assertThat(a.get(0).get("matches").get(0).get("source").asText()).isEqualTo("ALIAS");
    }

    @Test
    void humanOutputAndConfig(@TempDir Path dir, @TempDir Path conf) throws Exception {
        Files.writeString(conf.resolve("x.conf"), "blacklist cdc_ether\n");
        MainTest.Run r = MainTest.run("modalias", "--modules-dir", tree(dir).toString(), "--config", conf.toString(), R8153, "zz");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains(R8153 + ": r8152 cdc_ether (blacklisted)").contains("zz: (no module)");
    }

    @Test
    void rootDefaultsToTheRunningKernelsTreeAndModprobeD(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), "6.1.0-test-amd64\n");
        tree(Files.createDirectories(root.resolve("lib/modules/6.1.0-test-amd64")));
        Files.createDirectories(root.resolve("etc/modprobe.d"));
        Files.writeString(root.resolve("etc/modprobe.d/local.conf"), "alias pci:v00008086d00001533* e1000e\n");
        MainTest.Run r = MainTest.run("modalias", "--root", root.toString(), "--json", IGB, R8153);
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertThat(a.get(0).get("modules").toString()).isEqualTo("[\"e1000e\"]");
        assertThat(a.get(0).get("matches").get(0).get("source").asText()).isEqualTo("CONFIG_ALIAS");
        assertThat(a.get(1).get("modules").toString()).isEqualTo("[\"r8152\",\"cdc_ether\"]");
    }

    @Test
    void bundledManifestAnswersWithFirmwareAndExtensions() throws Exception {
        Path m = Fixtures.repoRoot().resolve("drivers-manifest/src/main/resources/dev/bronze/drivers/debian-amd64.yaml.xz");
        MainTest.Run r = MainTest.run("modalias", "--manifest", m.toString(), "--json",
                "pci:v000010ECd00008168sv00001043sd00008677bc02sc00i00", "cpu:type:x86,ven0000fam0006mod009E:feature:,0000");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertThat(a.get(0).get("modules").toString()).contains("r8169");
        assertThat(a.get(0).get("extensions").toString()).contains("realtek-firmware");
        assertThat(a.get(0).get("firmware").size()).isGreaterThan(3);
        assertThat(a.get(1).get("extensions").toString()).contains("intel-ucode");
    }

    @Test
    void errorsAreOneLineWithExitCodes(@TempDir Path dir) {
        MainTest.Run missing = MainTest.run("modalias", "--modules-dir", dir.resolve("nope").toString(), IGB);
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("bronze: ").contains("does not exist");
        MainTest.Run both = MainTest.run("modalias", "--modules-dir", dir.toString(), "--manifest", "x", IGB);
        assertThat(both.code()).isEqualTo(2);
        MainTest.Run none = MainTest.run("modalias");
        assertThat(none.code()).isEqualTo(2);
        MainTest.Run badManifest = MainTest.run("modalias", "--manifest", dir.resolve("m.yaml").toString(), IGB);
        assertThat(badManifest.code()).isEqualTo(1);
        assertThat(badManifest.err()).contains("does not exist");
    }
}
