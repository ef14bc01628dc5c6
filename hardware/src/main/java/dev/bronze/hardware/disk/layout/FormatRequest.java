package dev.bronze.hardware.disk.layout;

import java.util.UUID;

/**
 * What a formatter is asked to create.
 *
 * @param filesystem    VFAT, XFS or EXT4
 * @param label         filesystem label
 * @param volumeId      FAT volume id (32 bits); ignored by others
 * @param uuid          filesystem UUID for xfs/ext4; null for FAT
 * @param hiddenSectors the partition's first LBA, which FAT records in its boot sector
 * @param reproducible  fixed timestamps and no random salts, so the same inputs give the same bytes
 */
public record FormatRequest(Filesystem filesystem, String label, long volumeId, UUID uuid, long hiddenSectors,
                            boolean reproducible) {
}
