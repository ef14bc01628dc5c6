package dev.bronze.hardware.fs;

/**
 * A filesystem found on a block device.
 *
 * @param device the device name under {@code /dev} ({@code "sr0"}, {@code "vdb1"})
 * @param label  the label as blkid reports {@code LABEL}, or null when the filesystem has none
 * @param fsType blkid's {@code TYPE} ({@code vfat}, {@code iso9660}, {@code udf}, {@code ext4}, {@code xfs}),
 *               or null when only udev's by-label link was seen and the device could not be read
 * @param uuid   blkid's {@code UUID} in blkid's spelling, or null
 */
public record Volume(String device, String label, String fsType, String uuid) {

    /** True when the label equals one of {@code labels} exactly (labels are case-sensitive on Linux). */
    public boolean labelled(String... labels) {
        if (label == null) {
            return false;
        }
        for (String l : labels) {
            if (label.equals(l)) {
                return true;
            }
        }
        return false;
    }
}
