package dev.bronze.hardware.fs;

import java.io.IOException;
import java.util.Optional;

/**
 * FAT12/16/32 boot sector and the volume-label entry of the root directory.
 *
 * <p>Like blkid, the root-directory label wins over the boot-sector copy: tools that relabel
 * (fatlabel, Windows) update the directory entry first, and the boot-sector copy of a freshly
 * formatted volume is often "NO NAME". The walk over a FAT32 root cluster chain is bounded so a
 * looping or hostile FAT costs at most {@link #MAX_ROOT_BYTES}.
 */
final class FatProbe {

    static final int MAX_ROOT_BYTES = 256 * 1024;
    static final int DIR_ENTRY = 32;
    static final int ATTR_VOLUME_ID = 0x08;
    static final int ATTR_DIRECTORY = 0x10;
    static final int ATTR_LONG_NAME = 0x0F;
    static final String NO_NAME = "NO NAME";

    private FatProbe() {
    }

    static Optional<Volume> probe(ByteSource src, String device) throws IOException {
        byte[] bs = src.read(0, 512);
        if (bs == null) {
            return Optional.empty();
        }
        // Not FAT: NTFS and exFAT share the jump and OEM layout.
        if (Bytes.ascii(bs, 3, "NTFS    ") || Bytes.ascii(bs, 3, "EXFAT   ")) {
            return Optional.empty();
        }
        int sectorSize = Bytes.le16(bs, 0x0B);
        int perCluster = bs[0x0D] & 0xff;
        int reserved = Bytes.le16(bs, 0x0E);
        int fats = bs[0x10] & 0xff;
        int rootEntries = Bytes.le16(bs, 0x11);
        long total = Bytes.le16(bs, 0x13);
        int media = bs[0x15] & 0xff;
        long fatSize = Bytes.le16(bs, 0x16);
        if (total == 0) {
            total = Bytes.le32(bs, 0x20);
        }
        if (sectorSize < 512 || sectorSize > 4096 || Integer.bitCount(sectorSize) != 1
                || perCluster == 0 || Integer.bitCount(perCluster) != 1
                || reserved == 0 || fats == 0 || fats > 2 || total == 0
                || (media != 0xF0 && media < 0xF8)) {
            return Optional.empty();
        }
        boolean fat32 = fatSize == 0;
        boolean signature = Bytes.ascii(bs, 0x36, "FAT") || Bytes.ascii(bs, 0x52, "FAT32")
                || ((bs[510] & 0xff) == 0x55 && (bs[511] & 0xff) == 0xAA);
        if (!signature) {
            return Optional.empty();
        }
        String bootLabel = null;
        String uuid = null;
        int extSig = fat32 ? 0x42 : 0x26;
        if (fat32) {
            fatSize = Bytes.le32(bs, 0x24);
            if (fatSize == 0) {
                return Optional.empty();
            }
        }
        if ((bs[extSig] & 0xff) == 0x29 || (bs[extSig] & 0xff) == 0x28) {
            long serial = Bytes.le32(bs, extSig + 1);
            uuid = Bytes.hex4(serial >>> 16) + "-" + Bytes.hex4(serial);
            if ((bs[extSig] & 0xff) == 0x29) {
                bootLabel = Bytes.label(bs, extSig + 5, 11);
            }
        }
        long firstFat = (long) reserved * sectorSize;
        long dataStart = firstFat + (long) fats * fatSize * sectorSize;
        String rootLabel;
        if (fat32) {
            rootLabel = fat32RootLabel(src, bs, sectorSize, perCluster, firstFat, dataStart);
        } else {
            int len = (int) Math.min((long) rootEntries * DIR_ENTRY, MAX_ROOT_BYTES);
            String l = len == 0 ? null : labelEntry(src.read(dataStart, len));
            rootLabel = l == null || l.isEmpty() ? null : l;
        }
        String label = rootLabel != null ? rootLabel : NO_NAME.equals(bootLabel) ? null : bootLabel;
        return Optional.of(new Volume(device, label, "vfat", uuid));
    }

    private static String fat32RootLabel(ByteSource src, byte[] bs, int sectorSize, int perCluster,
            long firstFat, long dataStart) throws IOException {
        long cluster = Bytes.le32(bs, 0x2C) & 0x0FFF_FFFFL;
        long clusterBytes = (long) sectorSize * perCluster;
        long read = 0;
        while (cluster >= 2 && cluster < 0x0FFF_FFF7L && read < MAX_ROOT_BYTES) {
            int len = (int) Math.min(clusterBytes, MAX_ROOT_BYTES - read);
            byte[] dir = src.read(dataStart + (cluster - 2) * clusterBytes, len);
            if (dir == null) {
                return null;
            }
            String l = labelEntry(dir);
            if (l != null) {
                return l.isEmpty() ? null : l;
            }
            if (endOfDirectory(dir)) {
                return null;
            }
            read += len;
            byte[] next = src.read(firstFat + cluster * 4, 4);
            if (next == null) {
                return null;
            }
            cluster = Bytes.le32(next, 0) & 0x0FFF_FFFFL;
        }
        return null;
    }

    /** The label of the first live volume-ID entry; "" when the directory ends without one. */
    private static String labelEntry(byte[] dir) {
        if (dir == null) {
            return null;
        }
        for (int o = 0; o + DIR_ENTRY <= dir.length; o += DIR_ENTRY) {
            int first = dir[o] & 0xff;
            if (first == 0) {
                return "";
            }
            int attr = dir[o + 11] & 0xff;
            if (first == 0xE5 || attr == ATTR_LONG_NAME) {
                continue;
            }
            if ((attr & (ATTR_VOLUME_ID | ATTR_DIRECTORY)) == ATTR_VOLUME_ID) {
                byte[] name = java.util.Arrays.copyOfRange(dir, o, o + 11);
                if (first == 0x05) {
                    name[0] = (byte) 0xE5; // 0x05 escapes a real 0xE5 first byte
                }
                String l = Bytes.label(name, 0, 11);
                return l == null ? "" : l;
            }
        }
        return null;
    }

    private static boolean endOfDirectory(byte[] dir) {
        for (int o = 0; o + DIR_ENTRY <= dir.length; o += DIR_ENTRY) {
            if (dir[o] == 0) {
                return true;
            }
        }
        return false;
    }
}
