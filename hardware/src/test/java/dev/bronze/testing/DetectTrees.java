package dev.bronze.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The platform-detection fixture trees under {@code test-vectors/detect/<tree>/}: {@code root/}
 * stands in for {@code /}, {@code expected.json} holds the answer. What git cannot store (FIFOs,
 * directories where files belong, unreadable and 10 MiB files) is described under {@code "setup"}
 * and made by {@link #root} on a copy of the tree. Shared by the detection tests of every module.
 */
public final class DetectTrees {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DetectTrees() {
    }

    /** Every tree that has an {@code expected.json}, sorted by name. */
    public static List<Path> all() throws IOException {
        Path dir = Fixtures.vector("detect");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("expected.json"))).sorted().toList();
        }
    }

    public static JsonNode expected(Path tree) throws IOException {
        return JSON.readTree(tree.resolve("expected.json").toFile());
    }

    /** The tree's root, or, when it has a {@code setup}, a prepared copy of it under {@code tmp}. */
    public static Path root(Path tree, Path tmp) throws Exception {
        JsonNode e = expected(tree);
        Path root = tree.resolve("root");
        if (!e.has("setup")) {
            return root;
        }
        Path copy = copy(root, tmp.resolve(tree.getFileName().toString()));
        setup(copy, e.get("setup"));
        return copy;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createDirectories(dst.getParent());
                    Files.createSymbolicLink(dst, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static void setup(Path root, JsonNode s) throws Exception {
        for (JsonNode n : s.path("mkdir")) {
            Path p = root.resolve(n.asText());
            Files.deleteIfExists(p);
            Files.createDirectories(p);
        }
        for (JsonNode n : s.path("fifo")) {
            Path p = root.resolve(n.asText());
            Files.createDirectories(p.getParent());
            Files.deleteIfExists(p);
            Process pr = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
            if (pr.waitFor() != 0) {
                throw new IOException("mkfifo " + p + " failed");
            }
        }
        for (JsonNode n : s.path("chmod000")) {
            Files.setPosixFilePermissions(root.resolve(n.asText()), PosixFilePermissions.fromString("---------"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("random").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            byte[] junk = new byte[f.getValue().asInt()];
            new Random(42).nextBytes(junk);
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, junk);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("big").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            byte[] head = f.getValue().get(0).asText().getBytes(StandardCharsets.UTF_8);
            long size = f.getValue().get(1).asLong();
            try (OutputStream out = Files.newOutputStream(p)) {
                out.write(head);
                byte[] fill = new byte[64 * 1024];
                Arrays.fill(fill, (byte) 'A');
                for (long n = head.length; n < size; n += fill.length) {
                    out.write(fill, 0, (int) Math.min(fill.length, size - n));
                }
            }
        }
    }
}
