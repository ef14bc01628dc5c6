package dev.bronze.platform.volume;

import dev.bronze.hardware.SysRoot;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Configuration volumes (cidata, config-2, metal-iso, Azure's provisioning disc, the OVF ISO).
 * A reader runs while the volume is available and the volume is released afterwards.
 */
public interface Volumes {

    /** Runs {@code reader} on the first volume carrying one of {@code labels}; empty when none does. */
    <T> Optional<T> withLabel(List<String> labels, Function<VolumeFiles, Optional<T>> reader);

    /** Runs {@code reader} on each optical disc (or fixture volume) holding {@code fileName} until one gives a value. */
    <T> Optional<T> withFile(String fileName, Function<VolumeFiles, Optional<T>> reader);

    /**
     * Host: mount read-only in a private directory; fixture tree ({@code --root DIR}): read
     * {@code DIR/run/bronze/volumes/LABEL/}.
     */
    static Volumes forRoot(SysRoot root) {
        return root.isHost()
                ? new MountedVolumes(root, new ProbedLabels(root).orElse(BlkidLabelLookup.system()), Mounter.system())
                : new RootVolumes(root);
    }
}
