package dev.bronze.platform.volume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of one mounted (or fixture) volume, read with a size cap. Paths are relative to the
 * volume and may not leave it, not even through a symbolic link on a hostile disc.
 */
public final class VolumeFiles {

    private final Path dir;
    private final String label;

    public VolumeFiles(Path dir, String label) {
        this.dir = dir;
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The file's bytes, or empty when absent; more than {@code cap} bytes is an error. */
    public Optional<byte[]> read(String rel, long cap) {
        Path p = resolve(rel);
        if (p == null || !Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
            if (b.length > cap) {
                throw new VolumeException("file " + rel + " on volume " + label + " is larger than " + cap + " bytes");
            }
            return Optional.of(b);
        } catch (IOException e) {
            throw new VolumeException("cannot read " + rel + " on volume " + label + ": " + e.getMessage());
        }
    }

    public boolean exists(String rel) {
        Path p = resolve(rel);
        return p != null && Files.exists(p);
    }

    private Path resolve(String rel) {
        Path p = dir.resolve(rel).normalize();
        if (!p.startsWith(dir)) {
            return null;
        }
        try {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            Path real = p.toRealPath();
            return real.startsWith(dir.toRealPath()) ? real : null;
        } catch (IOException e) {
            return null;
        }
    }
}
