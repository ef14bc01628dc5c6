package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.testing.DetectTrees;
import dev.bronze.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest {

    static final List<String> TREES = List.of("aws-nitro-t3-small", "rpi4b-8gb", "hostile-binary-dmi", "docker-on-aws",
            "nocloud-partition-offset", "cmdline-talos-aws-on-qemu", "hostile-symlink-loops");

    record Run(int code, String out, String err) {
    }

    static Run fast(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DetectCommand.fast(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static String root(String tree) {
        return Fixtures.vector("detect/" + tree + "/root").toString();
    }

    @Test
    void fastPathPrintsExactlyWhatPicocliPrints() {
        for (String t : TREES) {
            for (List<String> extra : List.of(List.<String>of(), List.of("--json"))) {
                String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("detect", "--root", root(t)), extra.stream())
                        .toArray(String[]::new);
                MainTest.Run slow = MainTest.run(args);
                Run quick = fast(args);
                assertThat(quick.code()).as(t).isEqualTo(slow.code()).isZero();
                assertThat(quick.out()).as(t).isEqualTo(slow.out());
                assertThat(quick.err()).as(t).isEqualTo(slow.err()).isEmpty();
            }
        }
        Run eq = fast("detect", "--root=" + root("aws-nitro-t3-small"), "--json");
        assertThat(eq.out()).contains("\"platform\": \"aws\"");
    }

    @TempDir
    Path tmp;

    /** Init runs the fast path; people and tests run picocli's: on every fixture tree they must agree. */
    @TestFactory
    Stream<DynamicTest> fastPathAgreesWithTheFullCommandOnEveryTree() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path tree : DetectTrees.all()) {
            tests.add(DynamicTest.dynamicTest(tree.getFileName().toString(), () -> {
                String root = DetectTrees.root(tree, tmp).toString();
                boolean error = DetectTrees.expected(tree).has("error");
                for (String[] args : List.of(new String[] {"detect", "--root", root}, new String[] {"detect", "--root", root, "--json"},
                        new String[] {"detect", "--json", "--root=" + root})) {
                    MainTest.Run slow = MainTest.run(args);
                    Run quick = fast(args);
                    assertThat(quick).as(String.join(" ", args)).isEqualTo(new Run(slow.code(), slow.out(), slow.err()));
                    assertThat(quick.code()).isEqualTo(error ? 1 : 0);
                    assertThat(quick.out().isEmpty()).isEqualTo(error);
                }
            }));
        }
        return tests.stream();
    }

    /** The real process: main() ends the fast path with halt, not exit; nothing may be lost on the way. */
    @Test
    void theProcessPrintsWhatTheFastPathPrintsAndExitsWithItsCode() throws Exception {
        for (String tree : List.of("aws-nitro-t3-small", "cmdline-unknown-platform")) {
            String[] args = {"detect", "--root", root(tree), "--json"};
            Run quick = fast(args);
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(new Run(p.exitValue(), out, err)).as(tree).isEqualTo(quick);
        }
    }

    @Test
    void jsonIsOneDocumentWithTheIssuesShape() throws Exception {
        MainTest.Run r = MainTest.run("detect", "--root", root("aws-nitro-t3-small"), "--json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("platform").asText()).isEqualTo("aws");
        assertThat(j.get("mode").asText()).isEqualTo("cloud");
        assertThat(j.get("arch").asText()).isEqualTo("amd64");
        assertThat(j.get("hypervisor").asText()).isEqualTo("amazon");
        assertThat(j.get("board").isNull()).isTrue();
        assertThat(j.get("source").asText()).isEqualTo("detected");
        JsonNode first = j.get("evidence").get(0);
        assertThat(first.get("source").asText()).isEqualTo("dmi:sys_vendor");
        assertThat(first.get("value").asText()).isEqualTo("Amazon EC2");
        assertThat(first.get("platform").asText()).isEqualTo("aws");
        // Exactly one document: nothing after it.
        var parser = new ObjectMapper().getFactory().createParser(r.out());
        parser.readValueAsTree();
        assertThat(parser.nextToken()).isNull();
    }

    @Test
    void hostileValuesAreEscapedInJsonAndNeutralisedInTables() throws Exception {
        String root = root("hostile-binary-dmi");
        MainTest.Run j = MainTest.run("detect", "--root", root, "--json");
        JsonNode doc = new ObjectMapper().readTree(j.out());
        assertThat(doc.get("platform").asText()).isEqualTo("metal");
        MainTest.Run t = MainTest.run("detect", "--root", root);
        assertThat(t.out()).doesNotContain("\u001b").doesNotContain("\u0007");
    }

    @Test
    void unknownForcedPlatformIsOneLineAndExitOne() {
        String[] args = {"detect", "--root", root("cmdline-unknown-platform")};
        MainTest.Run slow = MainTest.run(args);
        Run quick = fast(args);
        assertThat(slow.code()).isEqualTo(1);
        assertThat(slow.out()).isEmpty();
        assertThat(slow.err()).startsWith("bronze: unknown platform \"foo\" in talos.platform=").endsWith("\n");
        assertThat(slow.err().strip()).doesNotContain("\n");
        assertThat(quick).isEqualTo(new Run(slow.code(), slow.out(), slow.err()));
    }

    @Test
    void missingRootIsAUsageError() {
        MainTest.Run r = MainTest.run("detect", "--root", "/nonexistent/bronze-root");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("bronze: --root /nonexistent/bronze-root: not a directory");
        assertThat(fast("detect", "--root", "/nonexistent/bronze-root").code()).isEqualTo(2);
    }

    @Test
    void anythingButPlainArgumentsGoesToPicocli() {
        assertThat(fast("detect", "--help").code()).isEqualTo(-1);
        assertThat(fast("detect", "--root").code()).isEqualTo(-1);
        assertThat(fast("detect", "--json", "--json").code()).isEqualTo(-1);
        assertThat(fast("detect", "--bogus").code()).isEqualTo(-1);
        MainTest.Run r = MainTest.run("detect", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(MainTest.run("detect", "--help").out()).contains("--root");
    }
    static Run gated(String check, String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = Main.gatedDetect(args, out, err, check);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void launcherGatePrintsOnlyWhenTheCheckFoundNoNewerSource() throws Exception {
        String[] ok = {"detect", "--root", root("aws-nitro-t3-small"), "--json"};
        String[] bad = {"detect", "--root", "/nonexistent/bronze-root"};
        Path none = java.nio.file.Files.createFile(tmp.resolve("none"));
        Path newer = java.nio.file.Files.writeString(tmp.resolve("newer"), "/src/hardware/src/main/java/A.java\n");

        // Current jar: the same bytes and code as the ungated path, errors included.
        for (String[] args : List.of(ok, bad)) {
            Run plain = gated(null, args);
            Run current = gated(none.toString(), args);
            assertThat(current).isEqualTo(plain);
            assertThat(current.out() + current.err()).isNotEmpty();
        }
        // An unreadable check counts as none rather than failing the boot path.
        assertThat(gated(tmp.resolve("missing").toString(), ok)).isEqualTo(gated(null, ok));
        // Stale jar: nothing at all is printed, on either stream, and the launcher is told to build.
        for (String[] args : List.of(ok, bad)) {
            Run stale = gated(newer.toString(), args);
            assertThat(stale.code()).isEqualTo(Main.STALE_BUILD);
            assertThat(stale.out()).isEmpty();
            assertThat(stale.err()).isEmpty();
        }
        // Arguments the fast path does not take are left to picocli, gate or not.
        assertThat(gated(newer.toString(), "detect", "--bogus").code()).isEqualTo(-1);
    }
}
