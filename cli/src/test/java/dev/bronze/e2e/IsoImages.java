package dev.bronze.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CD-ROMs the clouds attach, made with xorriso the way the real ones are made: ISO 9660 with
 * Joliet and Rock Ridge (cloud-localds and genisoimage {@code -joliet -rock}), and the label the
 * platform uses ({@code cidata}, Azure's {@code rd_rdfe_stable.*}, vSphere's {@code OVF ENV}).
 */
public final class IsoImages {

    /** NoCloud's seed: {@code cloud-localds} writes the label {@code cidata}. */
    public static final String CIDATA = "cidata";
    /** The label of Azure's provisioning DVD (a date-stamped {@code rd_rdfe_stable} build name). */
    public static final String AZURE = "rd_rdfe_stable.231101-1125";
    /** vCenter's OVF environment transport ISO. */
    public static final String VMWARE = "OVF ENV";
    /** OpenStack's config drive. */
    public static final String CONFIG_DRIVE = "config-2";

    private IsoImages() {
    }

    /** Writes {@code files} (relative path → content) into a fresh ISO labelled {@code label}. */
    public static Path build(Path iso, String label, Map<String, byte[]> files) throws IOException {
        Path tree = iso.resolveSibling(iso.getFileName() + ".d");
        deleteTree(tree);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = tree.resolve(f.getKey()).normalize();
            if (!p.startsWith(tree)) {
                throw new IllegalArgumentException("ISO path escapes its tree: " + f.getKey());
            }
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        Files.createDirectories(tree);
        Files.deleteIfExists(iso);
        List<String> cmd = new ArrayList<>(List.of("xorriso", "-as", "mkisofs", "-quiet", "-o", iso.toString(),
                "-V", label, "-J", "-R", tree.toString()));
        run(cmd, iso.resolveSibling(iso.getFileName() + ".log"));
        deleteTree(tree);
        return iso;
    }

    static void run(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish in 2 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + Files.readString(log).strip());
        }
    }

    private static void deleteTree(Path t) throws IOException {
        if (!Files.exists(t)) {
            return;
        }
        try (var s = Files.walk(t)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
