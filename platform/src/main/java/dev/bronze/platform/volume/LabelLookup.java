package dev.bronze.platform.volume;

import java.util.Optional;

/**
 * Which block device carries a filesystem label. The default reads udev's
 * {@code /dev/disk/by-label}; the foundation's {@code dev.bronze.hardware.fs.LabelProbe} (which
 * reads superblocks and so works without udev) plugs in here.
 */
@FunctionalInterface
public interface LabelLookup {

    /** The device path below the root ({@code dev/sr0}), or empty. */
    Optional<String> device(String label);

    /** This lookup, then {@code next} when this one finds nothing. */
    default LabelLookup orElse(LabelLookup next) {
        return label -> {
            Optional<String> d = device(label);
            return d.isPresent() ? d : next.device(label);
        };
    }
}
