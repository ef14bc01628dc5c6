package dev.bronze.hardware.modalias;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** glibc's fnmatch(3), compiled with gcc from a tiny C helper: the real peer for {@link Fnmatch}. */
final class GlibcFnmatch {

    private final Path binary;

    private GlibcFnmatch(Path binary) {
        this.binary = binary;
    }

    static GlibcFnmatch compile(Path dir) throws IOException, InterruptedException {
        Path src = dir.resolve("fnmatch-oracle.c");
        try (InputStream in = GlibcFnmatch.class.getResourceAsStream("fnmatch-oracle.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path bin = dir.resolve("fnmatch-oracle");
        Process p = new ProcessBuilder("gcc", "-O2", "-o", bin.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            fail("gcc could not build the glibc fnmatch oracle (apt-get install gcc libc6-dev): " + out);
        }
        return new GlibcFnmatch(bin);
    }

    /** One answer per pair, in order. */
    boolean[] matches(List<byte[][]> pairs) throws IOException, InterruptedException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        for (byte[][] pair : pairs) {
            req.write(pair[0]);
            req.write(0);
            req.write(pair[1]);
            req.write(0);
        }
        Process p = start();
        Thread writer = new Thread(() -> {
            try (OutputStream o = p.getOutputStream()) {
                o.write(req.toByteArray());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        byte[] answers = p.getInputStream().readAllBytes();
        writer.join();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || answers.length != pairs.size()) {
            fail("glibc fnmatch oracle failed: " + answers.length + " answers for " + pairs.size() + " pairs");
        }
        boolean[] r = new boolean[answers.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = answers[i] == '1';
        }
        return r;
    }

    private Process start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(binary.toString());
        pb.environment().remove("POSIXLY_CORRECT"); // it would turn '^' into an ordinary member
        pb.environment().put("LC_ALL", "C");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }
}
