package dev.bronze.platform.volume;

import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.fs.LabelProbe;
import java.util.Optional;

/**
 * {@link LabelLookup} through Bronze's own label probe: udev's by-label links where udev ran, and
 * otherwise the superblocks of the block devices themselves — what early boot without udev needs.
 */
public final class ProbedLabels implements LabelLookup {

    private final SysRoot root;

    public ProbedLabels(SysRoot root) {
        this.root = root;
    }

    @Override
    public Optional<String> device(String label) {
        return LabelProbe.find(root, label).map(v -> "dev/" + v.device());
    }
}
