package dev.bronze.hardware.disk.gpt;

import java.util.Objects;
import java.util.UUID;

/**
 * One used entry of a partition entry array (UEFI 5.3.3).
 *
 * @param number     1-based index in the entry array (what Linux shows as sda<i>N</i>)
 * @param type       partition type GUID; never all-zero (that marks an unused entry)
 * @param guid       unique partition GUID
 * @param firstLba   first logical block
 * @param lastLba    last logical block, inclusive
 * @param attributes attribute bits (see {@link GptType}'s {@code ATTR_*})
 * @param name       up to 36 UTF-16 code units
 */
public record GptPartition(int number, UUID type, UUID guid, long firstLba, long lastLba, long attributes, String name) {

    /** UTF-16 code units in the 72-byte name field. */
    public static final int MAX_NAME_UNITS = 36;

    public GptPartition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(name, "name");
        if (number < 1) {
            throw new IllegalArgumentException("partition number must be at least 1, not " + number);
        }
        if (type.getMostSignificantBits() == 0 && type.getLeastSignificantBits() == 0) {
            throw new IllegalArgumentException("partition " + number + " has the all-zero (unused) type GUID");
        }
        if (firstLba < 0 || lastLba < firstLba) {
            throw new IllegalArgumentException("partition " + number + " spans LBA " + firstLba + ".." + lastLba);
        }
        if (name.length() > MAX_NAME_UNITS) {
            throw new IllegalArgumentException("partition name \"" + name + "\" is longer than 36 UTF-16 code units");
        }
    }

    /** Length in logical blocks. */
    public long sizeLbas() {
        return lastLba - firstLba + 1;
    }

    public boolean hasAttribute(long bit) {
        return (attributes & bit) != 0;
    }
}
