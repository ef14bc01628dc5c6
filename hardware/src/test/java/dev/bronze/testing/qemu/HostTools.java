package dev.bronze.testing.qemu;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host programs a test needs. Missing ones skip the test on a developer's machine (with
 * the Debian packages to install) and fail it under {@code CI=true}: CI installs
 * {@code .ci/apt/*.txt}, so a skip there would hide a broken install step.
 */
public final class HostTools {

    private HostTools() {
    }

    public static void require(String... programs) {
        List<String> missing = new ArrayList<>();
        for (String p : programs) {
            if (find(p) == null) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String msg = "missing host programs " + missing + " (see .ci/apt/qemu.txt)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(msg + "; CI=true, so this is a failure, not a skip");
        }
        assumeTrue(false, msg + ": skipping");
    }

    /** Also looks in the sbin folders, which a non-root PATH may lack (mkfs.vfat, sgdisk). */
    static Path find(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path c = Path.of(d, program);
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        return null;
    }
}
