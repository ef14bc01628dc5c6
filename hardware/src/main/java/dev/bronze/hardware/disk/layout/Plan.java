package dev.bronze.hardware.disk.layout;

import java.util.List;

/**
 * Everything {@code partition} would do to a disk, computed before anything is written: the
 * target, the table, each partition with its offsets, sizes, types and identifiers, what exists
 * now and which byte ranges are wiped. {@code --dry-run} prints this; {@link PlanApplier} executes it.
 *
 * @param target        the image path or device node
 * @param sizeBytes     the disk's size the plan was made for (apply refuses another)
 * @param sectorSize    logical sector size
 * @param layout        layout name
 * @param table         GPT or MBR
 * @param diskId        GPT disk GUID, or the MBR disk signature as 8 hex digits
 * @param partitions    in disk order
 * @param existing      what is on the disk now
 * @param wipes         human descriptions of what the wipe destroys
 * @param pmbrBootable  whether the protective MBR record is marked active (BIOS layouts)
 */
public record Plan(String target, long sizeBytes, int sectorSize, String layout, TableKind table, String diskId,
                   List<PlannedPartition> partitions, DiskContents existing, List<String> wipes, boolean pmbrBootable) {

    public Plan {
        partitions = List.copyOf(partitions);
        wipes = List.copyOf(wipes);
    }

    /** Whether applying this destroys something that is there now (then {@code --force} is needed). */
    public boolean destructive() {
        return !existing.empty();
    }
}
