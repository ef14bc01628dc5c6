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
     * Zeroes {@link #zeroedRanges}, discards the whole device, then zeroes them again. Zeroing
     * first: a device may carry a discard out in any order, or only partly when power goes, and a
     * partition table and filesystem superblocks that outlived the data they point at would let the
     * firmware start half-discarded files of the old system. With the tables and superblocks gone
     * first, a cut leaves the old contents whole (nothing reached yet) or unreachable. Again after
     * the discard: a device may return old data, or anything, where a discard was its last word.
     */
    public static void wipe(BlockDevice dev, List<Region> regions) throws IOException {
        long size = dev.size();
        List<Region> ranges = zeroedRanges(size, regions);
        zero(dev, size, ranges);
        dev.flush();
        dev.discard(0, size);
        zero(dev, size, ranges);
        dev.flush();
    }

    private static void zero(BlockDevice dev, long size, List<Region> ranges) throws IOException {
        for (Region r : ranges) {
            long end = Math.min(size, r.offset() + r.length());
            if (r.offset() < end) {
                dev.zeroRange(r.offset(), end - r.offset());
            }
        }
    }
}
