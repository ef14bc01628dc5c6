package dev.bronze.platform.volume;

import dev.bronze.hardware.SysRoot;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Volumes of a fixture tree: the files of the volume labelled L are under {@code run/bronze/volumes/L/}. */
public final class RootVolumes implements Volumes {

    static final String DIR = "run/bronze/volumes";

    private final SysRoot root;

    public RootVolumes(SysRoot root) {
        this.root = root;
    }

    @Override
    public <T> Optional<T> withLabel(List<String> labels, Function<VolumeFiles, Optional<T>> reader) {
        for (String label : labels) {
            if (label.contains("/") || label.equals("..") || label.equals(".")) {
                continue;
            }
            String rel = DIR + "/" + label;
            if (root.isDirectory(rel)) {
                return reader.apply(new VolumeFiles(root.path(rel), label));
            }
        }
        return Optional.empty();
    }

    @Override
    public <T> Optional<T> withFile(String fileName, Function<VolumeFiles, Optional<T>> reader) {
        for (String label : root.list(DIR)) {
            VolumeFiles f = new VolumeFiles(root.path(DIR + "/" + label), label);
            if (f.exists(fileName)) {
                Optional<T> r = reader.apply(f);
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        return Optional.empty();
    }
}
