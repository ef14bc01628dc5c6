package dev.bronze.hardware.fat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * How to format a volume. {@code type} null chooses by size (FAT32 when the volume holds the
 * 65525 clusters FAT32 needs at the cluster size the size calls for, else FAT16);
 * {@code clusterBytes} 0 chooses by size as mkfs.fat and fatgen103's tables do.
 * {@code hiddenSectors} is the partition's start in sectors (BPB_HiddSec; some firmware and
 * Windows read it, Linux ignores it).
 */
public record FatFormat(String label, int volumeId, FatType type, int clusterBytes, long hiddenSectors) {

    /** What mkfs.fat and Windows write when there is no label. */
    public static final String NO_LABEL = "NO NAME";

    public FatFormat {
        label = normalizeLabel(label);
        if (clusterBytes != 0 && (Integer.bitCount(clusterBytes) != 1 || clusterBytes < 512 || clusterBytes > 65536)) {
            throw new IllegalArgumentException("cluster size must be a power of two from 512 to 65536, not " + clusterBytes);
        }
        if (hiddenSectors < 0 || hiddenSectors > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("hidden sectors out of range: " + hiddenSectors);
        }
    }

    public static FatFormat of(String label, int volumeId) {
        return new FatFormat(label, volumeId, null, 0, 0);
    }

    public FatFormat withType(FatType t) {
        return new FatFormat(label, volumeId, t, clusterBytes, hiddenSectors);
    }

    public FatFormat withClusterBytes(int bytes) {
        return new FatFormat(label, volumeId, type, bytes, hiddenSectors);
    }

    public FatFormat withHiddenSectors(long sectors) {
        return new FatFormat(label, volumeId, type, clusterBytes, sectors);
    }

    /**
     * A volume id derived from a seed, so two builds from the same seed are byte-identical
     * (mkfs.fat derives it from the time instead). blkid shows it as the UUID {@code XXXX-XXXX}.
     */
    public static int volumeIdFromSeed(String seed) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("bronze-fat-volume-id:" + seed).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(h).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** blkid's spelling of a FAT volume id. */
    public static String volumeIdText(int volumeId) {
        return String.format("%04X-%04X", (volumeId >>> 16) & 0xFFFF, volumeId & 0xFFFF);
    }

    /**
     * Labels live in 11 bytes of the BPB and in a root directory entry, so they obey 8.3 rules:
     * upper case, no characters that short names forbid.
     */
    static String normalizeLabel(String label) {
        if (label == null || label.isBlank()) {
            return NO_LABEL;
        }
        String l = label.toUpperCase(Locale.ROOT);
        if (l.length() > 11) {
            throw new IllegalArgumentException("volume label \"" + label + "\" is longer than 11 characters");
        }
        for (char c : l.toCharArray()) {
            if (c != ' ' && !ShortName.isValidChar(c)) {
                throw new IllegalArgumentException("volume label \"" + label + "\" contains '" + c
                        + "', which a FAT label cannot hold");
            }
        }
        return l.stripTrailing();
    }
}
