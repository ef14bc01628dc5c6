package dev.bronze.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.hardware.SysRoot;
import dev.bronze.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        Path dir = Fixtures.vector("detect");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("expected.json"))).sorted().toList();
        }
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
        JsonNode e = JSON.readTree(tree.resolve("expected.json").toFile());
        Path root = tree.resolve("root");
        if (e.has("setup")) {
            root = copy(root, tmp.resolve(tree.getFileName().toString()));
            setup(root, e.get("setup"));
        }
        SysRoot sys = SysRoot.of(root);
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

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createDirectories(dst.getParent());
                    Files.createSymbolicLink(dst, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static void setup(Path root, JsonNode s) throws Exception {
        for (JsonNode n : s.path("mkdir")) {
            Path p = root.resolve(n.asText());
            Files.deleteIfExists(p);
            Files.createDirectories(p);
        }
        for (JsonNode n : s.path("fifo")) {
            Path p = root.resolve(n.asText());
            Files.createDirectories(p.getParent());
            Files.deleteIfExists(p);
            Process pr = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
            assertThat(pr.waitFor()).isZero();
        }
        for (JsonNode n : s.path("chmod000")) {
            Files.setPosixFilePermissions(root.resolve(n.asText()), PosixFilePermissions.fromString("---------"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("random").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            byte[] junk = new byte[f.getValue().asInt()];
            new Random(42).nextBytes(junk);
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, junk);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("big").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            byte[] head = f.getValue().get(0).asText().getBytes(StandardCharsets.UTF_8);
            long size = f.getValue().get(1).asLong();
            try (OutputStream out = Files.newOutputStream(p)) {
                out.write(head);
                byte[] fill = new byte[64 * 1024];
                java.util.Arrays.fill(fill, (byte) 'A');
                for (long n = head.length; n < size; n += fill.length) {
                    out.write(fill, 0, (int) Math.min(fill.length, size - n));
                }
            }
        }
    }
}
