package dev.bronze.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real tools that read what we write (sgdisk, sfdisk, blkid, losetup, mkfs.*). A missing
 * tool skips locally and fails under CI=true: CI installs them from .ci/apt, so absence there is
 * a broken setup, not a pass.
 */
public final class DiskPeers {

    /** Output of one tool run. */
    public record Result(int code, String out, String err) {
        public Result ok() {
            if (code != 0) {
                fail("tool failed with " + code + ": " + err + out);
            }
            return this;
        }
    }

    private DiskPeers() {
    }

    public static void require(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        if (!found) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(tool + " is missing; .ci/apt/gpt.txt should have installed it");
            }
            assumeTrue(false, tool + " is not installed: skipping (see .ci/apt/gpt.txt)");
        }
    }

    public static Result run(String... cmd) {
        require(cmd[0]);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
            pb.environment().put("LC_ALL", "C");
            Path errFile = Files.createTempFile("peer", ".err");
            pb.redirectError(errFile.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish in 120 s");
            }
            String err = Files.readString(errFile);
            Files.deleteIfExists(errFile);
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code cmd} with {@code stdin} as its input. */
    public static Result runWithInput(String stdin, String... cmd) {
        require(cmd[0]);
        try {
            Path in = Files.createTempFile("peer", ".in");
            Files.writeString(in, stdin);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(in.toFile());
            pb.environment().put("LC_ALL", "C");
            Path errFile = Files.createTempFile("peer", ".err");
            pb.redirectError(errFile.toFile());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(120, TimeUnit.SECONDS);
            String err = Files.readString(errFile);
            Files.deleteIfExists(errFile);
            Files.deleteIfExists(in);
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code sgdisk -v}: asserts that it found no problems. */
    public static void assertSgdiskClean(Path image, int sectorSize) {
        Result r = sectorSize == 512 ? run("sgdisk", "-v", image.toString())
                : onLoop(image, sectorSize, dev -> run("sgdisk", "-v", dev));
        assertThat(r.out()).as("sgdisk -v on %s: %s", image, r.out()).contains("No problems found");
        // sgdisk's one opinion that is not a problem: a first usable LBA of 2048, which is what
        // sfdisk writes (1 MiB before the first partition); any other warning or caution fails.
        String rest = r.out().replaceAll("(?s)Warning: There is a gap between the main partition table.*?experts' menu can adjust this gap\\.", "");
        assertThat(rest).as("sgdisk -v on %s: %s", image, r.out()).doesNotContainIgnoringCase("warning").doesNotContain("Caution");
    }

    /** Runs {@code body} with {@code image} attached to a loop device of {@code sectorSize}, always detached. */
    public static <T> T onLoop(Path image, int sectorSize, java.util.function.Function<String, T> body) {
        requireRoot();
        String dev = run("losetup", "-f", "--show", "-b", String.valueOf(sectorSize), image.toString()).ok().out().strip();
        try {
            return body.apply(dev);
        } finally {
            run("losetup", "-d", dev);
        }
    }

    /** Root is needed for loop devices: skip locally, fail under CI (which runs as root). */
    public static void requireRoot() {
        boolean root = "0".equals(run("id", "-u").out().strip());
        if (!root) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("this test needs root, and CI runs as root");
            }
            assumeTrue(false, "needs root");
        }
    }

    /** The lines of a file, for asserting on small tool outputs. */
    public static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        s.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(out::add);
        return out;
    }
}
