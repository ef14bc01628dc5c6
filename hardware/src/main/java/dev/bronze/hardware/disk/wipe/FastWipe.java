package dev.bronze.hardware.disk.wipe;

import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a disk look empty quickly, as Talos's FastWipe does and a little more: discard everything
 * (where the device supports it), zero the first and last MiB of the disk (partition tables, the
 * GPT backup, boot code), and zero the places where filesystem, RAID, LVM and ZFS signatures live
 * in each partition being replaced, so no stale superblock resurfaces inside a new partition.
 * A discard alone is not enough: it may leave data readable.
 */
public final class FastWipe {

    static final long MIB = 1L << 20;
    /** btrfs keeps a superblock copy at 64 MiB that blkid does not check but btrfs tools find. */
    static final long BTRFS_MIRROR = 64L * MIB;

    /** A byte range of the disk: an old or new partition. */
    public record Region(long offset, long length) {
    }

    private FastWipe() {
    }

    /** The ranges that {@link #wipe} zeroes for these regions, for the plan to show. */
    public static List<Region> zeroedRanges(long diskSize, List<Region> regions) {
        List<Region> out = new ArrayList<>();
        out.add(new Region(0, Math.min(MIB, diskSize)));
        if (diskSize > MIB) {
            out.add(new Region(Math.max(MIB, diskSize - MIB), Math.min(MIB, diskSize - MIB)));
        }
        for (Region r : regions) {
            long head = Math.min(MIB, r.length());
            out.add(new Region(r.offset(), head));
            if (r.length() > MIB) {
                long tail = Math.min(MIB, r.length() - MIB);
                out.add(new Region(r.offset() + r.length() - tail, tail));
            }
            if (r.length() >= BTRFS_MIRROR + 4096) {
                out.add(new Region(r.offset() + BTRFS_MIRROR, 4096));
            }
        }
        return out;
    }

    /**
     * Discards the whole device, then zeroes {@link #zeroedRanges}. Returns whether the discard was
     * attempted (a device may still have ignored it).
     */
    public static void wipe(BlockDevice dev, List<Region> regions) throws IOException {
        long size = dev.size();
        dev.discard(0, size);
        for (Region r : zeroedRanges(size, regions)) {
            long end = Math.min(size, r.offset() + r.length());
            if (r.offset() < end) {
                dev.zeroRange(r.offset(), end - r.offset());
            }
        }
        dev.flush();
    }
}
