package dev.bronze.hardware.disk.discovery;

import java.util.List;

/**
 * A partition of a {@link Disk} as the kernel sees it. Text fields are empty when unknown: the
 * partition and filesystem labels come from the kernel's uevent, udev's database or the
 * {@code /dev/disk/by-*} links, whichever the machine has.
 *
 * @param number      the partition number ({@code sda3} is 3)
 * @param startBytes  offset from the start of the disk
 * @param label       GPT partition name ({@code EFI}, {@code META})
 * @param partUuid    GPT partition GUID or MBR disk-id-number ({@code 6c586e13-02}), lower case
 * @param fsType      filesystem type (vfat, ext4, xfs, crypto_LUKS, linux_raid_member, swap)
 * @param holders     dm/md devices built on this partition
 */
public record Partition(
        String name,
        String devicePath,
        int number,
        long startBytes,
        long sizeBytes,
        String label,
        String partUuid,
        String fsType,
        String fsLabel,
        List<String> mountPoints,
        List<String> holders) {

    public Partition {
        mountPoints = List.copyOf(mountPoints);
        holders = List.copyOf(holders);
    }
}
