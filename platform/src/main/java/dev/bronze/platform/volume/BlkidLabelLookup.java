package dev.bronze.platform.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link LabelLookup} through util-linux {@code blkid -L LABEL}, which reads superblocks itself and
 * so works in an early init without udev (where {@code /dev/disk/by-label} does not exist). Only
 * on the host: a fixture tree has no block devices to probe.
 */
public final class BlkidLabelLookup implements LabelLookup {

    private final String blkid;

    public BlkidLabelLookup(String blkid) {
        this.blkid = blkid;
    }

    public static BlkidLabelLookup system() {
        return new BlkidLabelLookup("blkid");
    }

    @Override
    public Optional<String> device(String label) {
        if (label.isEmpty() || label.length() > 255 || label.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        try {
            // -c /dev/null: no stale cache; the answer is probed now.
            Process p = new ProcessBuilder(blkid, "-c", "/dev/null", "-L", label)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            if (p.exitValue() != 0 || !out.startsWith("/dev/") || out.contains("..") || out.contains("\n")) {
                return Optional.empty();
            }
            return Optional.of(out.substring(1));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
