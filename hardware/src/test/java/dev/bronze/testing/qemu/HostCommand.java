package dev.bronze.testing.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a host tool (sgdisk, mkfs.vfat, mcopy, xorriso...) to make or check test images. */
public final class HostCommand {

    private HostCommand() {
    }

    /** Runs the command and returns its stdout; a non-zero exit is an IOException quoting stderr. */
    public static String run(List<String> command) throws IOException {
        return run(command, Map.of(), Duration.ofMinutes(5));
    }

    public static String run(String... command) throws IOException {
        return run(List.of(command));
    }

    public static String run(List<String> command, Map<String, String> env, Duration limit) throws IOException {
        Path out = Files.createTempFile("host-command", ".out");
        Path err = Files.createTempFile("host-command", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(command)).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Path exe = HostTools.find(command.get(0));
            if (exe != null && !command.get(0).contains("/")) {
                pb.command().set(0, exe.toString());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no result within " + limit);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            return stdout;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
