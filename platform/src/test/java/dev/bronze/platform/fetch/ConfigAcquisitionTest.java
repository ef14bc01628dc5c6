package dev.bronze.platform.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.sim.Contexts;
import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.MetadataSimulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAcquisitionTest {

    @TempDir
    Path root;
    MetadataSimulator sim;
    FakeTime time = new FakeTime();

    @BeforeEach
    void start() throws Exception {
        sim = new MetadataSimulator();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** A platform whose only source returns fixed bytes (or nothing). */
    record Fixed(FetchResult result) implements PlatformFetcher {
        @Override
        public String platform() {
            return "fixed";
        }

        @Override
        public FetchResult userData(FetchContext ctx) {
            return result;
        }

        @Override
        public Metadata metadata(FetchContext ctx) {
            return Metadata.builder("fixed").build();
        }
    }

    static Fixed found(String s) {
        return new Fixed(new FetchResult.Found(s.getBytes(StandardCharsets.UTF_8), Decoding.NONE, "test"));
    }

    /** base64 of a zstd frame made by the zstd(1) command line tool: the format's reference implementation. */
    static String zstdBase64(String text) throws Exception {
        Process p = new ProcessBuilder("zstd", "-q", "-c", "-19").start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return Base64.getEncoder().encodeToString(out);
    }

    FetchResult acquire(PlatformFetcher p, String cmdline) {
        return ConfigAcquisition.acquire(p, Contexts.builder(root, cmdline, null, time).build());
    }

    static String text(FetchResult r) {
        assertThat(r).isInstanceOf(FetchResult.Found.class);
        return new String(((FetchResult.Found) r).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void earlyInlineWinsOverThePlatform() throws Exception {
        FetchResult r = acquire(found("platform"), "talos.config.early=" + zstdBase64("machine: early\n"));
        assertThat(text(r)).isEqualTo("machine: early\n");
        assertThat(((FetchResult.Found) r).decoding().toString()).isEqualTo("base64+zstd");
    }

    @Test
    void lateInlineOnlyWhenThePlatformHasNothing() throws Exception {
        String b64 = zstdBase64("machine: late\n" + "x".repeat(5000) + "\n");
        // Repeated parameters are concatenated before decoding (the cmdline limits each word).
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < b64.length(); i += 40) {
            parts.add("talos.config.inline=" + b64.substring(i, Math.min(b64.length(), i + 40)));
        }
        String cmd = String.join(" ", parts);
        assertThat(text(acquire(new Fixed(new FetchResult.NoConfigSource("none")), cmd))).startsWith("machine: late\n");
        assertThat(text(acquire(found("machine: platform\n"), cmd))).isEqualTo("machine: platform\n");
        assertThat(acquire(new Fixed(new FetchResult.Failed("boom")), cmd)).isInstanceOf(FetchResult.Failed.class);
    }

    @Test
    void badInlineIsAClearFailure() {
        assertThat(acquire(found("x"), "talos.config.early=!!!notbase64")).isInstanceOfSatisfying(FetchResult.Failed.class,
                f -> assertThat(f.cause()).contains("talos.config.early=").contains("base64"));
        assertThat(acquire(found("x"), "talos.config.early=" + Base64.getEncoder().encodeToString("plain".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(FetchResult.Failed.class, f -> assertThat(f.cause()).contains("zstd"));
    }

    @Test
    void gzipIsUnpackedByMagic() throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bo)) {
            gz.write("machine: gz\n".getBytes(StandardCharsets.UTF_8));
        }
        FetchResult r = ConfigAcquisition.acquire(new Fixed(new FetchResult.Found(bo.toByteArray(), Decoding.NONE, "t")),
                Contexts.builder(root, "", null, time).build());
        assertThat(text(r)).isEqualTo("machine: gz\n");
    }

    @Test
    void gzipBombIsAnErrorNotAnOutOfMemory() throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bo)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        FetchResult r = acquire(new Fixed(new FetchResult.Found(bo.toByteArray(), Decoding.NONE, "t")), "");
        assertThat(r).isInstanceOfSatisfying(FetchResult.Failed.class, f -> assertThat(f.cause()).contains("compression bomb"));
    }

    @Test
    void cloudConfigIsNotOurs() {
        assertThat(acquire(found("#cloud-config\nusers: []\n"), "")).isInstanceOf(FetchResult.NoConfigSource.class);
        assertThat(acquire(found("\uFEFF#cloud-config\n"), "")).isInstanceOf(FetchResult.NoConfigSource.class);
        assertThat(acquire(found(" \n\t"), "")).isInstanceOf(FetchResult.NoConfigSource.class);
        assertThat(acquire(found("machine: {}\n#cloud-config\n"), "")).isInstanceOf(FetchResult.Found.class);
    }

    @Test
    void includeIsFollowedAndConcatenated() {
        sim.get("/a.yaml", "machine: a\n");
        sim.get("/b.yaml", "cluster: b\n");
        FetchResult r = acquire(found("#include\n" + sim.base() + "/a.yaml\n\n# comment\n" + sim.base() + "/b.yaml\n"), "");
        assertThat(text(r)).isEqualTo("machine: a\n\n---\ncluster: b\n");
        assertThat(((FetchResult.Found) r).source()).contains("via #include");
    }

    @Test
    void includeOnTheSameLineAndMissingTarget() {
        sim.get("/a.yaml", "machine: a\n");
        assertThat(text(acquire(found("#include " + sim.base() + "/a.yaml"), ""))).isEqualTo("machine: a\n");
        assertThat(acquire(found("#include " + sim.base() + "/missing"), "")).isInstanceOf(FetchResult.NoConfigSource.class);
        assertThat(acquire(found("#include file:///etc/shadow"), "")).isInstanceOf(FetchResult.Failed.class);
    }

    @Test
    void includeLoopEnds() {
        sim.route("GET", "/loop", c -> MetadataSimulator.Reply.ok("#include " + sim.base() + "/loop\n"));
        assertThat(acquire(found("#include " + sim.base() + "/loop"), "")).isInstanceOfSatisfying(FetchResult.Failed.class,
                f -> assertThat(f.cause()).contains("nested deeper"));
    }
}
