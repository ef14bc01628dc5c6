package dev.bronze.platform.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Mounts a device read-only and unmounts it; injected so that tests need no root. */
public interface Mounter {

    void mountReadOnly(Path device, Path dir) throws IOException;

    void unmount(Path dir) throws IOException;

    /** util-linux mount(8): it probes the filesystem type itself (iso9660, udf, vfat, ext4, xfs) with libblkid. */
    static Mounter system() {
        return new Mounter() {
            @Override
            public void mountReadOnly(Path device, Path dir) throws IOException {
                run(List.of("mount", "-o", "ro,nosuid,nodev,noexec", device.toString(), dir.toString()));
            }

            @Override
            public void unmount(Path dir) throws IOException {
                run(List.of("umount", dir.toString()));
            }
        };
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish within 60 s");
            }
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
