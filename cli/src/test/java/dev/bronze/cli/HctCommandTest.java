package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** bronze hct on fixture trees of real machines and on this machine. */
class HctCommandTest {

    @TempDir
    Path dir;

    JsonNode hct(String tree, Path junit, Path md) throws Exception {
        List<String> args = new ArrayList<>(List.of("hct", "--json"));
        if (tree != null) {
            args.add("--root");
            args.add(Fixtures.vector("inventory/" + tree).toString());
        }
        if (junit != null) {
            args.addAll(List.of("--junit", junit.toString(), "--markdown", md.toString()));
        }
        MainTest.Run r = MainTest.run(args.toArray(String[]::new));
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(r.code()).as(r.err()).isEqualTo(j.get("blocksInstall").asBoolean() ? 5 : 0);
        return j;
    }

    static String verdict(JsonNode j, String address) {
        for (JsonNode d : j.get("devices")) {
            if (d.get("address").asText().equals(address)) {
                return d.get("verdict").asText();
            }
        }
        throw new AssertionError("no device " + address);
    }

    static String check(JsonNode j, String name) {
        for (JsonNode c : j.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c.get("status").asText();
            }
        }
        throw new AssertionError("no check " + name);
    }

    @Test
    void serverDevicesAreMatchedAgainstTheManifest() throws Exception {
        Path junit = dir.resolve("hct.xml");
        Path md = dir.resolve("hct.md");
        JsonNode j = hct("x86-server", junit, md);
        assertThat(check(j, "firmware")).isEqualTo("pass");
        assertThat(check(j, "cpu")).isEqualTo("pass");
        assertThat(check(j, "network")).isEqualTo("pass");
        assertThat(verdict(j, "0000:18:00.0")).isEqualTo("works");
        assertThat(verdict(j, "0000:00:00.0")).as("host bridges need no driver").isEqualTo("works");
        // The fixture tree has no block devices: no install disk, which blocks installation (exit 5).
        assertThat(check(j, "install-disk")).isEqualTo("fail");
        assertThat(j.get("blocksInstall").asBoolean()).isTrue();
        // JUnit XML parses (with DTDs off, as any CI reader would) and counts the failure.
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(junit.toFile());
        assertThat(doc.getDocumentElement().getAttribute("failures")).isNotEqualTo("0");
        assertThat(Files.readString(md)).contains("| install-disk | fail |");
    }

    @Test
    void aLaptopNicWithoutItsDriverBoundIsSupportedNotWorking() throws Exception {
        JsonNode j = hct("laptop", null, null);
        assertThat(verdict(j, "0000:00:1f.6")).isEqualTo("supported");
        assertThat(check(j, "secure-boot")).isEqualTo("warn");
    }

    @Test
    void raspberryPisPassOnTheArm64Manifest() throws Exception {
        for (String t : List.of("rpi4", "rpi5")) {
            JsonNode j = hct(t, null, null);
            assertThat(check(j, "cpu")).isEqualTo("pass");
            assertThat(check(j, "firmware")).isEqualTo("pass");
            assertThat(check(j, "platform")).isEqualTo("pass");
            assertThat(j.at("/checks").toString()).contains("rpi (metal, detected)");
        }
    }

    @Test
    void runsOnThisMachine() throws Exception {
        JsonNode j = hct(null, null, null);
        assertThat(j.get("checks").size()).isGreaterThanOrEqualTo(9);
        assertThat(check(j, "cpu")).isIn("pass", "warn");
    }
}
