package dev.bronze.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find their data: {@code test-vectors/} of this repository and {@code ../shared}
 * beside the clone, both through system properties that the parent pom sets for Surefire.
 *
 * <p>{@code ../shared} is read in place, never copied. Where it is absent a test that needs it is
 * skipped with a clear message, except under {@code CI=true}, where it fails: a skipped test is not
 * a passed one.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The repository root. */
    public static Path repoRoot() {
        String p = System.getProperty("bronze.root");
        if (p == null) {
            // Run outside Maven (an IDE): walk up to the folder that holds .mvn.
            Path here = Path.of("").toAbsolutePath();
            for (Path d = here; d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve(".mvn"))) {
                    return d;
                }
            }
            return here;
        }
        return Path.of(p).toAbsolutePath().normalize();
    }

    /** A path below {@code test-vectors/}; fails when it does not exist (it is ours to ship). */
    public static Path vector(String rel) {
        String p = System.getProperty("bronze.testVectors");
        Path base = p != null ? Path.of(p) : repoRoot().resolve("test-vectors");
        Path r = base.resolve(rel).normalize();
        if (!Files.exists(r)) {
            fail("test vector missing: " + r);
        }
        return r;
    }

    /** The shared folder beside the clone, or a skip (fail under CI=true) when absent. */
    public static Path shared() {
        String p = System.getProperty("bronze.shared");
        Path base = (p != null ? Path.of(p) : repoRoot().resolve("../shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(base.resolve("fixtures"))) {
            String msg = "../shared/fixtures not found at " + base + " (it lives beside the clone)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg + "; CI=true, so this is a failure, not a skip");
            }
            assumeTrue(false, msg + ": skipping");
        }
        return base;
    }

    /** A path below {@code ../shared/fixtures/}; fails when the file is missing there. */
    public static Path sharedFixture(String rel) {
        Path r = shared().resolve("fixtures").resolve(rel).normalize();
        if (!Files.exists(r)) {
            fail("shared fixture missing: " + r);
        }
        return r;
    }
}
