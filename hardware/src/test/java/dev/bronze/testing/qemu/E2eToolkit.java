package dev.bronze.testing.qemu;

import dev.bronze.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scripts under {@code src/e2e/} seen from Java: they download and cache the kernel and
 * build and cache initramfs images, so calling them again is cheap; nothing is kept in the JVM.
 */
public final class E2eToolkit {

    /** The guest's architecture, as Debian names it. */
    public enum Arch {
        AMD64, ARM64;

        public String debian() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Path scripts;
    private final Arch arch;

    private E2eToolkit(Path scripts, Arch arch) {
        this.scripts = scripts;
        this.arch = arch;
    }

    /** The toolkit of this checkout ({@code src/e2e} under the repository root), for amd64 guests. */
    public static E2eToolkit fromRepository() {
        return new E2eToolkit(Fixtures.repoRoot().resolve("src/e2e"), Arch.AMD64);
    }

    public static E2eToolkit at(Path scriptsDir) {
        return new E2eToolkit(scriptsDir, Arch.AMD64);
    }

    /** The same scripts making kernels, initramfs images and disks for another architecture. */
    public E2eToolkit forArch(Arch a) {
        return new E2eToolkit(scripts, a);
    }

    public Arch arch() {
        return arch;
    }

    public Path script(String name) {
        return scripts.resolve(name);
    }

    /** Debian's kernel for guests (fetch-kernel: apt download once, then the cache). */
    public GuestKernel kernel() throws IOException {
        Path dir = Path.of(runScript(List.of(script("fetch-kernel").toString(), "--quiet", "--arch", arch.debian()), Duration.ofMinutes(10)));
        String release = Files.readString(dir.resolve("kver"), StandardCharsets.US_ASCII).strip();
        return new GuestKernel(dir, dir.resolve("vmlinuz"), release);
    }

    /** The default initramfs: busybox, the toolkit's init and module set, no built-in check. */
    public Path initramfs() throws IOException {
        return initramfs(List.of(), Map.of());
    }

    /**
     * An initramfs with more modules (a trailing {@code ?} makes one optional) and more files
     * (source on the host → absolute path in the image), for example a jlink'd JRE and the
     * Bronze jar.
     */
    public Path initramfs(List<String> extraModules, Map<Path, String> extraFiles) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(script("build-initramfs").toString(), "--quiet", "--arch",
                arch.debian()));
        cmd.add("--kernel-dir");
        cmd.add(kernel().dir().toString());
        for (String m : extraModules) {
            cmd.add("--module");
            cmd.add(m);
        }
        extraFiles.forEach((src, dest) -> {
            cmd.add("--add");
            cmd.add(src.toAbsolutePath() + "=" + dest);
        });
        return Path.of(runScript(cmd, Duration.ofMinutes(10)));
    }

    /**
     * A GPT disk image whose FAT32 ESP boots {@code kernel} (with {@code initrd}, may be null)
     * through systemd-boot under OVMF: build-uefi-disk. A null kernel means the toolkit's own
     * kernel and initramfs.
     */
    public Path uefiDisk(Path out, Path kernel, Path initrd, String append) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(script("build-uefi-disk").toString(), "--arch", arch.debian(), "-o",
                out.toAbsolutePath().toString()));
        if (kernel != null) {
            cmd.addAll(List.of("--kernel", kernel.toAbsolutePath().toString()));
            if (initrd != null) {
                cmd.addAll(List.of("--initrd", initrd.toAbsolutePath().toString()));
            }
        }
        if (append != null) {
            cmd.addAll(List.of("--append", append));
        }
        return Path.of(runScript(cmd, Duration.ofMinutes(10)));
    }

    /** Runs a toolkit script whose last stdout line is a path. */
    private static String runScript(List<String> cmd, Duration limit) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        Process p = pb.start();
        p.getOutputStream().close();
        // Read both streams fully before waiting, so neither pipe fills and blocks the script.
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete("");
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish within " + limit);
            }
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + cmd.get(0), e);
        }
        String stderr = err.getNow("");
        if (p.exitValue() != 0) {
            throw new IOException(cmd.get(0) + " failed (exit " + p.exitValue() + "): " + stderr.strip());
        }
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        if (last.isEmpty()) {
            throw new IOException(cmd.get(0) + " printed no path; stderr: " + stderr.strip());
        }
        return last;
    }

    /** A kernel made by fetch-kernel: its directory, the image and its release ({@code uname -r}). */
    public record GuestKernel(Path dir, Path vmlinuz, String release) {
        public Path modules() {
            return dir.resolve("lib/modules").resolve(release);
        }
    }
}
