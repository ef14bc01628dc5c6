package dev.bronze.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real peer: kmod's {@code modprobe -R} on an extracted module tree. Thousands of strings are
 * asked in few processes: {@code modprobe -a -R} takes many names, and a marker alias (defined in
 * the test's own modprobe.d folder, so the host's configuration never leaks in) separates answers.
 */
public final class Modprobe {

    static final String MARKER_ALIAS = "bronze_answer_ends";
    static final String MARKER_MODULE = "BRONZE_MARK";
    private static final int BATCH = 4000;

    private final Path root;
    private final String version;
    private final Path configDir;

    public Modprobe(Path root, String version, Path configDir) throws IOException {
        this.root = root;
        this.version = version;
        this.configDir = configDir;
        Files.writeString(configDir.resolve("zz-bronze-marker.conf"), "alias " + MARKER_ALIAS + " " + MARKER_MODULE + "\n");
    }

    /** What {@code modprobe -R} prints for each string, in order. */
    public List<List<String>> resolve(List<String> modaliases) throws IOException, InterruptedException {
        List<List<String>> all = new ArrayList<>();
        for (int from = 0; from < modaliases.size(); from += BATCH) {
            all.addAll(batch(modaliases.subList(from, Math.min(modaliases.size(), from + BATCH))));
        }
        return all;
    }

    private List<List<String>> batch(List<String> strings) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("modprobe", "-C", configDir.toString(), "-d", root.toString(),
                "-S", version, "-q", "-a", "-R", "--"));
        for (String s : strings) {
            cmd.add(s);
            cmd.add(MARKER_ALIAS);
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("modprobe did not finish");
        }
        List<List<String>> answers = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            if (line.equals(MARKER_MODULE)) {
                answers.add(current);
                current = new ArrayList<>();
            } else if (!line.isEmpty()) {
                current.add(line);
            }
        }
        if (answers.size() != strings.size()) {
            fail("modprobe answered " + answers.size() + " of " + strings.size() + " strings");
        }
        return answers;
    }
}
