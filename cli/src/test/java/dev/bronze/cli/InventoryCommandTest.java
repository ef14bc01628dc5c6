package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.testing.Fixtures;
import org.junit.jupiter.api.Test;

class InventoryCommandTest {

    @Test
    void jsonOfAFixtureTreeIsOneDocument() throws Exception {
        String root = Fixtures.vector("inventory/rpi5").toString();
        MainTest.Run r = MainTest.run("inventory", "--root", root, "--json");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("board").get("model").asText()).isEqualTo("Raspberry Pi 5 Model B Rev 1.0");
        assertThat(doc.get("cpus").get("armCore").asText()).isEqualTo("Arm Cortex-A76");
        assertThat(doc.get("network").get(0).get("driver").asText()).isEqualTo("macb");
        assertThat(doc.get("firmware").get("mode").asText()).isEqualTo("device-tree");
    }

    @Test
    void humanSummaryOfTheServer() {
        String root = Fixtures.vector("inventory/x86-server").toString();
        MainTest.Run r = MainTest.run("inventory", "--root", root);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("System:    Supermicro SYS-1029P-WTR (from smbios)")
                .contains("Firmware:  UEFI, Secure Boot enabled")
                .contains("2 socket(s), 4 core(s), 8 thread(s), x86_64 (x86-64-v4)")
                .contains("TPM:       TPM 2.0 (tpm_tis)");
    }

    @Test
    void theHostWorks() throws Exception {
        MainTest.Run r = MainTest.run("inventory", "--json");
        assertThat(r.code()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("cpus").get("threads").asInt()).isPositive();
    }

    @Test
    void aMissingRootIsAUsageError() {
        MainTest.Run r = MainTest.run("inventory", "--root", "/nonexistent-bronze-root");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("bronze: --root").doesNotContain("Exception");
    }
}
