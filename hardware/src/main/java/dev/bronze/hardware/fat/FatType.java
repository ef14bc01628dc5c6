package dev.bronze.hardware.fat;

/**
 * The FAT variants this package writes and reads. FAT12 (floppies, volumes under about 2 MiB) is
 * neither written nor read: no ESP or boot partition is that small.
 */
public enum FatType {
    FAT16(16, 4085, 65524, 0xFFF8, 0xFFF7, 0xFFFF),
    FAT32(32, 65525, 0x0FFFFFF5 - 2, 0x0FFFFFF8, 0x0FFFFFF7, 0x0FFFFFFF);

    private final int bits;
    private final int minClusters;
    private final int maxClusters;
    private final int endOfChainMin;
    private final int badCluster;
    private final int endOfChain;

    FatType(int bits, int minClusters, int maxClusters, int endOfChainMin, int badCluster, int endOfChain) {
        this.bits = bits;
        this.minClusters = minClusters;
        this.maxClusters = maxClusters;
        this.endOfChainMin = endOfChainMin;
        this.badCluster = badCluster;
        this.endOfChain = endOfChain;
    }

    /** Bits per FAT entry (FAT32 uses only the low 28). */
    public int bits() {
        return bits;
    }

    /** fatgen103 §3.5: the type is decided by the cluster count alone; these are its bounds. */
    public int minClusters() {
        return minClusters;
    }

    public int maxClusters() {
        return maxClusters;
    }

    int endOfChainMin() {
        return endOfChainMin;
    }

    int badCluster() {
        return badCluster;
    }

    int endOfChain() {
        return endOfChain;
    }

    int entryBytes() {
        return bits / 8;
    }
}
