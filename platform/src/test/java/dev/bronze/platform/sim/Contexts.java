package dev.bronze.platform.sim;

import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.KernelCmdline;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.http.RetryPolicy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/** Fetch contexts for tests: a fixture root, a fake clock, short attempts, the simulator as endpoint. */
public final class Contexts {

    private Contexts() {
    }

    public static RetryPolicy fastPolicy() {
        return new RetryPolicy(Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(8), Duration.ofMillis(500), RetryPolicy.DEFAULT_MAX_BYTES);
    }

    public static FetchContext.Builder builder(Path root, String cmdline, URI endpoint, FakeTime time) {
        FetchContext.Builder b = FetchContext.builder(SysRoot.of(root)).cmdline(KernelCmdline.parse(cmdline))
                .clock(time).sleeper(time).random(new Random(5)).policy(fastPolicy());
        return endpoint == null ? b : b.endpoint(endpoint);
    }

    /** Writes {@code run/bronze/volumes/LABEL/rel} under the root. */
    public static Path volumeFile(Path root, String label, String rel, byte[] content) throws java.io.IOException {
        Path p = root.resolve("run/bronze/volumes/" + label + "/" + rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    public static Path write(Path root, String rel, String content) throws java.io.IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }
}
