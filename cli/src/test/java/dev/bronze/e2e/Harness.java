package dev.bronze.e2e;

import dev.bronze.testing.qemu.GuestLine;
import dev.bronze.testing.qemu.GuestProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The host side's tools: the real CLI ({@code java -jar cli/target/bronze.jar}, the jar
 * {@code ./bronze} runs), the toolkit's scripts, and the payloads (Debian's kernel; wt/node's
 * {@code build-node-initramfs} per version and behaviour, or in plumbing mode the toolkit's
 * busybox initramfs and an empty one that panics).
 */
public final class Harness {

    /** How the guest behaves: the contract's behaviours of build-node-initramfs. */
    public enum Behaviour { OK, PANIC, HANG;
        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What one guest-run returned. */
    public record GuestOutcome(int exitCode, List<GuestLine> lines, Path serialLog, String summary, double seconds, String stderr) {
        public List<Map<String, String>> nodeResults() {
            List<Map<String, String>> out = new ArrayList<>();
            for (GuestLine l : lines) {
                if (l instanceof GuestLine.Result r && r.values().containsKey("node")) {
                    out.add(r.values());
                }
            }
            return out;
        }

        public Map<String, String> results() {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            lines.stream().filter(l -> l instanceof GuestLine.Result).forEach(l -> m.putAll(((GuestLine.Result) l).values()));
            return m;
        }

        public long boots() {
            return lines.stream().filter(l -> l instanceof GuestLine.Boot).count();
        }

        public List<GuestLine.Check> failedChecks() {
            return lines.stream().filter(l -> l instanceof GuestLine.Check c && !c.passed()).map(l -> (GuestLine.Check) l).toList();
        }

        /** Kernels that panicked (the message prints even with {@code quiet}). */
        public long panics() throws IOException {
            String log = Files.exists(serialLog) ? Files.readString(serialLog, StandardCharsets.ISO_8859_1) : "";
            return log.lines().filter(l -> l.contains("Kernel panic - not syncing")).count();
        }
    }

    /** What one CLI call returned. */
    public record CliOutcome(int exitCode, String output, double seconds) {
    }

    private final Path repo;
    private final Path jar;
    private final boolean plumbing;
    private final Map<String, Path> cache = new ConcurrentHashMap<>();

    public Harness(Path repo, Path jar, boolean plumbing) {
        this.repo = repo.toAbsolutePath();
        this.jar = jar.toAbsolutePath();
        this.plumbing = plumbing;
    }

    public boolean plumbing() {
        return plumbing;
    }

    public Path script(String name) {
        return repo.resolve("src/e2e").resolve(name);
    }

    /** {@code node} when wt/node's build-node-initramfs is there, else {@code plumbing}. */
    public static boolean nodeAvailable(Path repo) {
        return Files.isExecutable(repo.resolve("src/e2e/build-node-initramfs"));
    }

    public synchronized Path kernelDir(String arch) throws IOException {
        Path p = cache.get("kernel-" + arch);
        if (p == null) {
            p = Path.of(lastLine(exec(List.of(script("fetch-kernel").toString(), "--arch", arch, "--quiet"), 900)));
            cache.put("kernel-" + arch, p);
        }
        return p;
    }

    public Path kernel(String arch) throws IOException {
        return kernelDir(arch).resolve("vmlinuz");
    }

    /** The initramfs of {@code version} behaving as told (cached by the scripts themselves). */
    public synchronized Path initrd(String arch, String version, Behaviour b) throws IOException {
        String key = "initrd-" + arch + "-" + (plumbing ? "plumbing-" + b.id() : version + "-" + b.id());
        Path p = cache.get(key);
        if (p != null) {
            return p;
        }
        if (!plumbing) {
            p = Path.of(lastLine(exec(List.of(script("build-node-initramfs").toString(), "--version", version,
                    "--behaviour", b.id(), "--arch", arch), 1800)));
        } else if (b == Behaviour.PANIC) {
            // An initramfs without /init: the kernel panics before userspace, as a broken payload does.
            Path dir = Files.createDirectories(repo.resolve("target/e2e/payloads/empty-root"));
            p = repo.resolve("target/e2e/payloads/panic-initrd.cpio");
            exec(List.of("sh", "-c", "cd '" + dir + "' && find . | cpio -o -H newc > '" + p + "' 2>/dev/null"), 60);
        } else {
            p = Path.of(lastLine(exec(List.of(script("build-initramfs").toString(), "--arch", arch, "--kernel-dir",
                    kernelDir(arch).toString(), "--quiet"), 900)));
        }
        if (!Files.isRegularFile(p)) {
            throw new IOException("no initramfs at " + p);
        }
        cache.put(key, p);
        return p;
    }

    /** Debian's systemd-boot for another architecture, fetched once into the cache (as build-uefi-disk does). */
    public synchronized Path systemdBoot(String arch) throws IOException {
        String efi = "systemd-boot" + (arch.equals("arm64") ? "aa64" : "x64") + ".efi";
        Path sys = Path.of("/usr/lib/systemd/boot/efi", efi);
        if (arch.equals(hostArch()) && Files.isRegularFile(sys)) {
            return sys;
        }
        Path dir = Path.of(System.getenv().getOrDefault("BRONZE_CACHE", System.getProperty("user.home") + "/.cache/bronze"),
                "systemd-boot", arch);
        Path f = dir.resolve(efi);
        if (!Files.isRegularFile(f)) {
            Path tmp = Files.createDirectories(dir.resolveSibling(arch + ".tmp"));
            exec(List.of("sh", "-c", "cd '" + tmp + "' && apt-get download -q=2 -o APT::Sandbox::User=root systemd-boot-efi:" + arch
                    + " && dpkg-deb -x systemd-boot-efi_*.deb x && mkdir -p '" + dir + "' && cp x/usr/lib/systemd/boot/efi/" + efi
                    + " '" + f + "' && cd / && rm -rf '" + tmp + "'"), 600);
        }
        return f;
    }

    static String hostArch() {
        return System.getProperty("os.arch").contains("aarch64") ? "arm64" : "amd64";
    }

    /** {@code java -jar bronze.jar ARGS}, its output kept in {@code log}. */
    public CliOutcome cli(Path log, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        cmd.addAll(args);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        int rc = waitFor(p, 600, String.join(" ", args));
        String out = "$ bronze " + String.join(" ", args) + "\n" + Files.readString(log, StandardCharsets.UTF_8);
        Files.writeString(log, out, StandardCharsets.UTF_8);
        return new CliOutcome(rc, out, (System.nanoTime() - t0) / 1e9);
    }

    /** One {@code src/e2e/guest-run} with {@code args}; the serial log goes to {@code serial}. */
    public GuestOutcome guest(List<String> args, Path serial, int timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(script("guest-run").toString()));
        cmd.addAll(args);
        cmd.addAll(List.of("--timeout", Integer.toString(timeoutSeconds), "--serial", serial.toString()));
        Path out = serial.resolveSibling(serial.getFileName() + ".out");
        Path err = serial.resolveSibling(serial.getFileName() + ".err");
        Files.writeString(serial.resolveSibling(serial.getFileName() + ".cmd"), String.join(" ", cmd.stream().map(Harness::quote).toList()) + "\n");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        int rc = waitFor(p, timeoutSeconds + 120, "guest-run");
        double secs = (System.nanoTime() - t0) / 1e9;
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String summary = stdout.lines().filter(l -> l.startsWith("GUEST-RUN ")).reduce((a, z) -> z).orElse("(no GUEST-RUN summary)");
        List<GuestLine> lines = Files.exists(serial) ? GuestProtocol.parse(Files.readAllBytes(serial)) : List.of();
        return new GuestOutcome(rc, lines, serial, summary, secs, Files.readString(err, StandardCharsets.UTF_8));
    }

    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./=:,@+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static int waitFor(Process p, long seconds, String what) throws IOException {
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(what + " did not end within " + seconds + " s");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + what, e);
        }
    }

    /** Runs a helper; stdout returned, stderr passed through (downloads and builds say what they do). */
    private String exec(List<String> cmd, long seconds) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        int rc = waitFor(p, seconds, cmd.get(0));
        if (rc != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + rc + ")");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String lastLine(String s) throws IOException {
        return s.lines().filter(l -> !l.isBlank()).reduce((a, z) -> z).map(String::strip)
                .orElseThrow(() -> new IOException("a helper printed no path"));
    }
}
