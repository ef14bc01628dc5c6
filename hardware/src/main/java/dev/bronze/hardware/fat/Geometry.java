package dev.bronze.hardware.fat;

import dev.bronze.hardware.HardwareException;

/** Chooses type, cluster size and FAT size for a new volume (fatgen103 §3.5 and mkfs.fat). */
final class Geometry {

    static final int FAT32_RESERVED_SECTORS = 32;
    static final int FAT16_ROOT_ENTRIES = 512;
    static final int BACKUP_BOOT_SECTOR = 6;
    static final int FS_INFO_SECTOR = 1;
    static final int MEDIA_FIXED_DISK = 0xF8;

    private Geometry() {
    }

    /**
     * Microsoft's tables (fatgen103 "DskTableFAT32"/"DskTableFAT16"), which mkfs.fat follows for
     * FAT32: a small cluster on a small volume, up to 32 KiB. Never below the sector size.
     */
    static int defaultClusterBytes(FatType type, long volumeBytes, int bps) {
        long mib = volumeBytes >> 20;
        int c;
        if (type == FatType.FAT32) {
            c = mib <= 260 ? 512 : mib <= 8 * 1024 ? 4096 : mib <= 16 * 1024 ? 8192 : mib <= 32 * 1024 ? 16384 : 32768;
        } else {
            c = mib <= 16 ? 1024 : mib <= 128 ? 2048 : mib <= 256 ? 4096 : mib <= 512 ? 8192
                    : mib <= 1024 ? 16384 : 32768;
        }
        return Math.max(c, bps);
    }

    static BootSector plan(long deviceBytes, int bps, FatFormat f, String where) {
        long total = deviceBytes / bps;
        if (total > 0xFFFFFFFFL) {
            throw new HardwareException("FAT on " + where + ": " + deviceBytes
                    + " bytes exceed the 2^32 sectors a FAT boot sector can describe");
        }
        if (f.type() != null) {
            BootSector b = fit(f.type(), total, bps, f);
            if (b == null) {
                throw new HardwareException("FAT on " + where + ": " + (deviceBytes >> 10) + " KiB cannot hold a "
                        + f.type() + " volume" + (f.clusterBytes() != 0 ? " with " + f.clusterBytes() + "-byte clusters" : "")
                        + " (" + f.type() + " needs " + f.type().minClusters() + " to " + f.type().maxClusters()
                        + " clusters)");
            }
            return b;
        }
        // The UEFI specification asks for FAT32 on the system partition; FAT16 only where FAT32's
        // 65525-cluster minimum cannot be met (about 33 MiB at 512 bytes per sector, 260 MiB at 4096).
        BootSector b = fit(FatType.FAT32, total, bps, f);
        if (b == null) {
            b = fit(FatType.FAT16, total, bps, f);
        }
        if (b == null) {
            throw new HardwareException("FAT on " + where + ": " + (deviceBytes >> 10)
                    + " KiB is too small or too large for FAT16 or FAT32 at " + bps + " bytes per sector");
        }
        return b;
    }

    /** The layout for this type, adjusting the cluster size when the table's choice misses the type's bounds. */
    private static BootSector fit(FatType type, long total, int bps, FatFormat f) {
        if (f.clusterBytes() != 0) {
            return f.clusterBytes() < bps ? null : layout(type, total, bps, f.clusterBytes() / bps, f);
        }
        int start = defaultClusterBytes(type, total * bps, bps) / bps;
        // Too few clusters: smaller clusters; too many: larger ones (at most 32 KiB, the largest
        // size every implementation accepts).
        for (int spc = start; spc >= 1; spc /= 2) {
            BootSector b = layout(type, total, bps, spc, f);
            if (b != null) {
                return b;
            }
            if (total / spc > type.maxClusters()) {
                break; // already too many clusters: smaller ones only make more
            }
        }
        for (int spc = start * 2; (long) spc * bps <= 32768; spc *= 2) {
            BootSector b = layout(type, total, bps, spc, f);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    /** Null when the cluster count falls outside the type's range. */
    static BootSector layout(FatType type, long total, int bps, int spc, FatFormat f) {
        boolean fat32 = type == FatType.FAT32;
        int reserved = fat32 ? FAT32_RESERVED_SECTORS : 1;
        int rootEntries = fat32 ? 0 : Math.max(FAT16_ROOT_ENTRIES, bps / 32);
        long rootSectors = ((long) rootEntries * 32 + bps - 1) / bps;
        int nFats = 2;
        int eb = type.entryBytes();
        if (total <= reserved + rootSectors + 2) {
            return null;
        }
        // Smallest FAT that describes every cluster left once the FATs take their share.
        long lo = 1;
        long hi = ((total - reserved - rootSectors) / spc + 2) * eb / bps + 1;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            long data = total - reserved - nFats * mid - rootSectors;
            long clusters = data <= 0 ? 0 : data / spc;
            if ((clusters + 2) * eb <= mid * bps) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long fatSz = lo;
        // Align the data area to the cluster size, as mkfs.fat does, so clusters never straddle
        // the device's larger internal blocks more than they must.
        long firstData = reserved + nFats * fatSz + rootSectors;
        long pad = (spc - firstData % spc) % spc;
        reserved += (int) pad;
        firstData += pad;
        if (firstData >= total) {
            return null;
        }
        long clusters = (total - firstData) / spc;
        if (clusters < type.minClusters() || clusters > type.maxClusters()) {
            return null;
        }
        if (!fat32 && reserved > 0xFFFF) {
            return null;
        }
        return new BootSector(bps, spc, reserved, nFats, rootEntries, total, MEDIA_FIXED_DISK, fatSz,
                63, 255, f.hiddenSectors(), type, 0, fat32 ? 2 : 0, fat32 ? FS_INFO_SECTOR : 0,
                fat32 ? BACKUP_BOOT_SECTOR : 0, f.volumeId(), f.label());
    }
}
