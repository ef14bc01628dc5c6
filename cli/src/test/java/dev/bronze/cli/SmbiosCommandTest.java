package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmbiosCommandTest {

    @TempDir
    Path tmp;

    @Test
    void jsonIsOneDocumentWithSummaryStructuresAndProblems() throws Exception {
        Path dump = Fixtures.sharedFixture("hardware/smbios-binary/Beelink-EQ12.dump-bin");
        MainTest.Run r = MainTest.run("smbios", "--dump", dump.toString(), "--json");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("version").asText()).isEqualTo("3.5.0");
        assertThat(doc.get("problems").get(0).asText()).contains("type 127");
        assertThat(doc.get("summary").get("system").get("manufacturer").asText()).isEqualTo("AZW");
        assertThat(doc.get("structures")).hasSize(72);
        assertThat(doc.get("structures").get(0).get("fields").get(0).get("label").asText()).isEqualTo("Vendor");
    }

    @Test
    void humanOutputLooksLikeDmidecodeAndWarningsGoToStderr() throws Exception {
        Path dump = Fixtures.sharedFixture("hardware/smbios-binary/Beelink-EQ12.dump-bin");
        MainTest.Run r = MainTest.run("smbios", "--dump", dump.toString(), "--type", "1");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\tManufacturer: AZW\n");
        assertThat(r.out()).doesNotContain("DMI type 17");
        assertThat(r.err()).contains("warning: no end-of-table structure");
    }

    @Test
    void typesWeDoNotDecodeAreShownAsBytesAndStringsLikeDmidecodeDoes() throws Exception {
        Path dump = Fixtures.sharedFixture("hardware/smbios-binary/MINISFORUM-UM790PRO.dump-bin");
        MainTest.Run r = MainTest.run("smbios", "--dump", dump.toString(), "--type", "44");
        assertThat(r.code()).isZero();
        // dmidecode 3.4 prints the same for this structure (see the fixture's derived decoding).
        assertThat(r.out()).contains("Handle 0x0008, DMI type 44, 9 bytes\nUnknown Type\n\tHeader and Data:\n\t\t2C 09 08 00 FF FF 01 01 00\n");
    }

    @Test
    void rawTableFileIsDecodedWithAnAssumedVersion() throws Exception {
        Path raw = Fixtures.sharedFixture("hardware/smbios-binary/HyperV.dmi");
        MainTest.Run r = MainTest.run("smbios", "--dump", raw.toString(), "--json");
        assertThat(r.code()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("structures")).hasSize(5);
        assertThat(doc.get("summary").get("system").get("manufacturer").asText()).isEqualTo("Microsoft Corporation");
    }

    @Test
    void rootWithoutTablesFailsWithOneLine() {
        MainTest.Run r = MainTest.run("smbios", "--root", tmp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("bronze: no SMBIOS tables:").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void rootAndDumpAreExclusive() throws Exception {
        Path f = Files.writeString(tmp.resolve("x"), "x");
        MainTest.Run r = MainTest.run("smbios", "--root", tmp.toString(), "--dump", f.toString());
        assertThat(r.code()).isEqualTo(2);
    }

    @Test
    void garbageDumpIsDecodedToNothingWithProblemsNotAStackTrace() throws Exception {
        Path f = Files.write(tmp.resolve("junk.bin"), new byte[] {1, 2, 3});
        MainTest.Run r = MainTest.run("smbios", "--dump", f.toString(), "--json");
        assertThat(r.code()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("structures")).isEmpty();
        assertThat(doc.get("problems").toString()).contains("no structures");
    }
}
