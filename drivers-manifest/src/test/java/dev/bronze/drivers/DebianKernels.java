package dev.bronze.drivers;

import static org.junit.jupiter.api.Assertions.fail;

import dev.bronze.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's current kernel packages, extracted (and depmod'ed) by {@code scripts/fetch-kernels}
 * into a cache: the real module trees the oracle tests run on. Fetched once per JVM.
 */
final class DebianKernels {

    /** One extracted kernel: {@code root/lib/modules/version}. */
    record Kernel(String arch, Path root, String version, String source) {
        Path modulesDir() {
            return root.resolve("lib/modules").resolve(version);
        }
    }

    private static List<Kernel> cached;

    private DebianKernels() {
    }

    static synchronized List<Kernel> all() {
        if (cached == null) {
            cached = fetch();
        }
        return cached;
    }

    static Kernel arch(String arch) {
        return all().stream().filter(k -> k.arch().equals(arch)).findFirst()
                .orElseThrow(() -> new AssertionError("fetch-kernels gave no " + arch + " kernel"));
    }

    private static List<Kernel> fetch() {
        Path script = Fixtures.repoRoot().resolve("drivers-manifest/scripts/fetch-kernels");
        try {
            Process p = new ProcessBuilder("bash", script.toString(), "amd64", "arm64")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                fail("scripts/fetch-kernels failed (it needs apt-get, dpkg-deb and depmod): exit " + p.exitValue());
            }
            List<Kernel> list = new ArrayList<>();
            for (String line : out.split("\n")) {
                String[] f = line.split("\t");
                if (f.length >= 3) {
                    list.add(new Kernel(f[0], Path.of(f[1]), f[2], f.length > 3 ? "debian " + f[3] : "debian"));
                }
            }
            if (list.isEmpty()) {
                fail("scripts/fetch-kernels printed no kernel");
            }
            return list;
        } catch (IOException e) {
            throw new AssertionError("cannot run scripts/fetch-kernels: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
