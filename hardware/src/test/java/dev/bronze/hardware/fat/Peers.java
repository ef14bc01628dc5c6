package dev.bronze.hardware.fat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real tools that read FAT (dosfstools, mtools, blkid), run as they would be by a user. A
 * missing tool fails the test: .ci/apt/fat.txt installs them.
 */
final class Peers {

    record Result(int exit, String out) {
    }

    private Peers() {
    }

    static Result run(String... cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MTOOLS_SKIP_CHECK", "1");
        pb.environment().put("LC_ALL", "C.UTF-8");
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd[0] + " (is it installed? see .ci/apt/fat.txt): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String tool(String name) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(name + " is not installed (see .ci/apt/fat.txt)");
    }

    /** fsck.fat -n must report nothing but its banner and the summary line. */
    static void assertFsckClean(Path image) {
        Result r = run(tool("fsck.fat"), "-n", image.toString());
        List<String> lines = new ArrayList<>(r.out().lines().filter(l -> !l.isBlank()).toList());
        assertThat(r.exit()).as("fsck.fat -n exit status; output:%n%s", r.out()).isZero();
        assertThat(lines).as("fsck.fat -n output").hasSize(2);
        assertThat(lines.get(0)).startsWith("fsck.fat ");
        assertThat(lines.get(1)).as("fsck.fat -n output:%n%s", r.out()).matches(".*: \\d+ files?, \\d+/\\d+ clusters");
    }

    /** An mtools image reference: {@code IMG} or {@code IMG@@OFFSET}. */
    static String mimage(Path image, long offset) {
        return offset == 0 ? image.toString() : image + "@@" + offset;
    }

    static byte[] mtype(Path image, long offset, String path) {
        Path out;
        try {
            out = Files.createTempFile("mcopy", ".bin");
            try {
                Result r = run(tool("mcopy"), "-n", "-o", "-i", mimage(image, offset), "::" + path, out.toString());
                assertThat(r.exit()).as("mcopy of %s: %s", path, r.out()).isZero();
                return Files.readAllBytes(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Names in a directory as {@code mdir -b} (bare, full paths) lists them. */
    static List<String> mdirBare(Path image, long offset, String dir) {
        Result r = run(tool("mdir"), "-b", "-i", mimage(image, offset), "::" + dir);
        assertThat(r.exit()).as("mdir -b %s: %s", dir, r.out()).isZero();
        return r.out().lines().filter(l -> !l.isBlank()).map(String::strip).toList();
    }
}
