package dev.bronze.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.hardware.SysRoot;
import dev.bronze.testing.DetectTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs detection on every tree under {@code test-vectors/detect/} and checks the answer stored
 * beside it in {@code expected.json}. Trees hold real values from public bug reports and docs;
 * what git cannot store (FIFOs, directories in place of files, unreadable and 10 MiB files) is
 * described under {@code "setup"} and made here on a copy of the tree.
 */
class DetectionVectorsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static List<Path> trees() throws IOException {
        return DetectTrees.all();
    }

    @Test
    void atLeastSixtyTreesCoveringEveryPlatform() throws IOException {
        List<Path> trees = trees();
        assertThat(trees).hasSizeGreaterThanOrEqualTo(60);
        List<String> platforms = new ArrayList<>();
        for (Path t : trees) {
            JsonNode e = JSON.readTree(t.resolve("expected.json").toFile());
            if (e.hasNonNull("platform")) {
                platforms.add(e.get("platform").asText());
            }
        }
        assertThat(platforms).containsAll(Detector.standard().ids());
    }

    @TestFactory
    Stream<DynamicTest> everyTreeGivesItsExpectedAnswer() throws IOException {
        return trees().stream().map(t -> DynamicTest.dynamicTest(t.getFileName().toString(), () -> check(t)));
    }

    private void check(Path tree) throws Exception {
        JsonNode e = DetectTrees.expected(tree);
        SysRoot sys = SysRoot.of(DetectTrees.root(tree, tmp));
        if (e.has("error")) {
            assertThatThrownBy(() -> Detector.detect(sys)).isInstanceOf(DetectionException.class)
                    .hasMessageContaining(e.get("error").asText());
            return;
        }
        Detection d = Detector.detect(sys);
        String why = d.toString();
        assertThat(d.platform()).as(why).isEqualTo(e.get("platform").asText());
        assertThat(d.mode().id()).as(why).isEqualTo(e.get("mode").asText());
        assertThat(d.source().id()).as(why).isEqualTo(e.get("source").asText());
        if (e.has("hypervisor")) {
            assertThat(d.hypervisor()).as(why).isEqualTo(e.get("hypervisor").isNull() ? null : e.get("hypervisor").asText());
        }
        if (e.has("arch")) {
            assertThat(d.arch()).as(why).isEqualTo(e.get("arch").asText());
        }
        if (e.has("evidence")) {
            for (JsonNode src : e.get("evidence")) {
                assertThat(d.evidence()).as(why).anyMatch(c -> c.source().equals(src.asText()));
            }
        }
        if (d.source() == Source.DETECTED) {
            // An answer is explained: the first line speaks for the winner.
            assertThat(d.evidence()).as(why).isNotEmpty();
            assertThat(d.evidence().get(0).platform()).as(why).isEqualTo(d.platform());
        }
        if (e.has("board")) {
            JsonNode b = e.get("board");
            if (b.isNull()) {
                assertThat(d.board()).as(why).isNull();
            } else {
                assertThat(d.board()).as(why).isNotNull();
                for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    Object actual = switch (f.getKey()) {
                        case "model" -> d.board().model();
                        case "revision" -> d.board().revision() == null ? null : d.board().revision().revision();
                        case "type" -> d.board().revision().type();
                        case "memoryMb" -> d.board().revision().memoryMb();
                        case "processor" -> d.board().revision().processor();
                        case "manufacturer" -> d.board().revision().manufacturer();
                        default -> throw new AssertionError("unknown board key " + f.getKey());
                    };
                    JsonNode want = f.getValue();
                    Object expected = want.isNull() ? null : want.isInt() ? (Object) want.asInt() : want.asText();
                    assertThat(actual).as(f.getKey() + " of " + why).isEqualTo(expected);
                }
            }
        }
    }
}
