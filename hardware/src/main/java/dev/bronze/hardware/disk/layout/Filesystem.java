package dev.bronze.hardware.disk.layout;

import java.util.Locale;
import java.util.Optional;

/** What goes into a partition after the table is written. */
public enum Filesystem {
    /** Nothing: only the signature areas are zeroed (a BIOS boot partition, a raw slot). */
    NONE,
    /** The whole partition is zeroed (META: Talos reads zeroes as "no keys"). */
    ZERO,
    VFAT,
    XFS,
    EXT4;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Filesystem> parse(String s) {
        for (Filesystem f : values()) {
            if (f.id().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Longest label the filesystem stores (vfat 11, xfs 12, ext4 16). */
    public int maxLabelLength() {
        return switch (this) {
            case VFAT -> 11;
            case XFS -> 12;
            case EXT4 -> 16;
            default -> Integer.MAX_VALUE;
        };
    }
}
