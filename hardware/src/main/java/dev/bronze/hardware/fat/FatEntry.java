package dev.bronze.hardware.fat;

import java.time.LocalDateTime;

/**
 * A file or directory as listed: its long name (or 8.3 name when it has none), the 8.3 alias,
 * size, first cluster (0 for an empty file) and last-modified time (null when the stored one is
 * invalid).
 */
public record FatEntry(String name, String shortName, boolean directory, long size, int firstCluster,
        LocalDateTime modified, int attributes) {

    public boolean readOnly() {
        return (attributes & 0x01) != 0;
    }

    public boolean hidden() {
        return (attributes & 0x02) != 0;
    }

    public boolean system() {
        return (attributes & 0x04) != 0;
    }
}
