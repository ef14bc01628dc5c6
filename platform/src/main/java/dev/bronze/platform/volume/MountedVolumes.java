package dev.bronze.platform.volume;

import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Volumes of the running machine: the device is mounted read-only (nosuid, nodev, noexec) in a
 * fresh 0700 directory, read, and unmounted in all cases before the directory is removed.
 */
public final class MountedVolumes implements Volumes {

    /** Optical drives as Talos's Azure code names them. */
    private static final Pattern CDROM = Pattern.compile("sr[0-9]+|hd[c-z]|cdrom[0-9]*|cd[0-9]+");

    private final SysRoot root;
    private final LabelLookup labels;
    private final Mounter mounter;

    public MountedVolumes(SysRoot root, LabelLookup labels, Mounter mounter) {
        this.root = root;
        this.labels = labels;
        this.mounter = mounter;
    }

    @Override
    public <T> Optional<T> withLabel(List<String> wanted, Function<VolumeFiles, Optional<T>> reader) {
        for (String label : wanted) {
            Optional<String> dev = labels.device(label);
            if (dev.isPresent()) {
                return mounted(root.path(dev.get()), label, reader);
            }
        }
        return Optional.empty();
    }

    @Override
    public <T> Optional<T> withFile(String fileName, Function<VolumeFiles, Optional<T>> reader) {
        for (String name : root.list("dev")) {
            if (!CDROM.matcher(name).matches()) {
                continue;
            }
            Optional<T> r;
            try {
                r = mounted(root.path("dev/" + name), name, f -> f.exists(fileName) ? reader.apply(f) : Optional.empty());
            } catch (VolumeException e) {
                // An empty drive or a disc without a filesystem: try the next one.
                continue;
            }
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    private <T> Optional<T> mounted(Path device, String label, Function<VolumeFiles, Optional<T>> reader) {
        Path dir;
        try {
            dir = Files.createTempDirectory("bronze-volume-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new VolumeException("cannot create a mount point: " + e.getMessage());
        }
        try {
            try {
                mounter.mountReadOnly(device, dir);
            } catch (IOException e) {
                throw new VolumeException("cannot mount " + device + " (label " + label + ") read-only: " + e.getMessage());
            }
            try {
                return reader.apply(new VolumeFiles(dir, label));
            } finally {
                try {
                    mounter.unmount(dir);
                } catch (IOException e) {
                    throw new VolumeException("cannot unmount " + dir + ": " + e.getMessage());
                }
            }
        } finally {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // Still mounted (unmount failed and said so above) or already gone.
            }
        }
    }
}
