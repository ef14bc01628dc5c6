package dev.bronze.hardware.fat;

import dev.bronze.hardware.HardwareException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The BIOS parameter block (fatgen103 §3): where the FATs, the root directory and the data area
 * are, and the volume's id and label. One codec for reading (validating every field that could
 * send a reader outside the device) and writing.
 */
record BootSector(
        int bytesPerSector,
        int sectorsPerCluster,
        int reservedSectors,
        int numFats,
        int rootEntries,
        long totalSectors,
        int media,
        long fatSectors,
        int sectorsPerTrack,
        int heads,
        long hiddenSectors,
        FatType type,
        int extFlags,
        int rootCluster,
        int fsInfoSector,
        int backupBootSector,
        int volumeId,
        String label) {

    static final int SIGNATURE_OFFSET = 510;
    static final int EXTENDED_BOOT_SIGNATURE = 0x29;
    static final String OEM_NAME = "MSWIN4.1"; // fatgen103 §3.1: the most compatible OEM name
    /** ExtFlags bit 7: only the FAT numbered in bits 0-3 is active (no mirroring). */
    static final int EXT_FLAGS_NO_MIRROR = 0x80;

    /**
     * mkfs.fat's placeholder boot code: prints a message and reboots on a key, for BIOSes that
     * try to boot the partition. The word at byte 3 is patched with the message's address.
     */
    private static final byte[] DUMMY_BOOT_CODE = {
        0x0E, 0x1F, (byte) 0xBE, 0x00, 0x00, (byte) 0xAC, 0x22, (byte) 0xC0, 0x74, 0x0B, 0x56, (byte) 0xB4, 0x0E,
        (byte) 0xBB, 0x07, 0x00, (byte) 0xCD, 0x10, 0x5E, (byte) 0xEB, (byte) 0xF0, 0x32, (byte) 0xE4,
        (byte) 0xCD, 0x16, (byte) 0xCD, 0x19, (byte) 0xEB, (byte) 0xFE};
    private static final String BOOT_MESSAGE =
            "This is not a bootable disk. Please remove it and press any key to try again ...\r\n";

    int clusterBytes() {
        return bytesPerSector * sectorsPerCluster;
    }

    long rootDirSectors() {
        return ((long) rootEntries * 32 + bytesPerSector - 1) / bytesPerSector;
    }

    long fatOffset(int copy) {
        return ((long) reservedSectors + (long) copy * fatSectors) * bytesPerSector;
    }

    long rootDirOffset() {
        return ((long) reservedSectors + (long) numFats * fatSectors) * bytesPerSector;
    }

    long firstDataSector() {
        return reservedSectors + (long) numFats * fatSectors + rootDirSectors();
    }

    long dataOffset() {
        return firstDataSector() * bytesPerSector;
    }

    int clusterCount() {
        return (int) Math.min(Integer.MAX_VALUE, (totalSectors - firstDataSector()) / sectorsPerCluster);
    }

    long volumeBytes() {
        return totalSectors * bytesPerSector;
    }

    /** Which FAT copy readers use: the first, unless FAT32 mirroring is off (ExtFlags). */
    int activeFat() {
        return type == FatType.FAT32 && (extFlags & EXT_FLAGS_NO_MIRROR) != 0 ? extFlags & 0x0F : 0;
    }

    boolean mirrored() {
        return !(type == FatType.FAT32 && (extFlags & EXT_FLAGS_NO_MIRROR) != 0);
    }

    static BootSector parse(byte[] s, long deviceBytes, String where) {
        ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
        if (s.length < 512) {
            throw bad(where, "device is smaller than one sector");
        }
        if ((s[SIGNATURE_OFFSET] & 0xFF) != 0x55 || (s[SIGNATURE_OFFSET + 1] & 0xFF) != 0xAA) {
            throw bad(where, "no boot sector signature 55 AA at byte 510 (not a FAT filesystem)");
        }
        int bps = b.getShort(11) & 0xFFFF;
        if (bps != 512 && bps != 1024 && bps != 2048 && bps != 4096) {
            throw bad(where, "bytes per sector is " + bps + " (must be 512, 1024, 2048 or 4096)");
        }
        int spc = s[13] & 0xFF;
        if (spc == 0 || Integer.bitCount(spc) != 1) {
            throw bad(where, "sectors per cluster is " + spc + " (must be a power of two)");
        }
        if ((long) bps * spc > 65536) {
            throw bad(where, "cluster size " + (bps * spc) + " bytes exceeds 64 KiB");
        }
        int reserved = b.getShort(14) & 0xFFFF;
        if (reserved == 0) {
            throw bad(where, "reserved sector count is 0");
        }
        int nFats = s[16] & 0xFF;
        if (nFats < 1 || nFats > 4) {
            throw bad(where, "number of FATs is " + nFats + " (must be 1 to 4)");
        }
        int rootEntries = b.getShort(17) & 0xFFFF;
        long total = b.getShort(19) & 0xFFFF;
        if (total == 0) {
            total = b.getInt(32) & 0xFFFFFFFFL;
        }
        if (total == 0) {
            throw bad(where, "total sector count is 0");
        }
        int media = s[21] & 0xFF;
        long fatSz = b.getShort(22) & 0xFFFF;
        boolean fat32Layout = fatSz == 0;
        if (fat32Layout) {
            fatSz = b.getInt(36) & 0xFFFFFFFFL;
        }
        if (fatSz == 0) {
            throw bad(where, "FAT size is 0");
        }
        long volumeBytes = total * bps;
        if (volumeBytes > deviceBytes) {
            throw bad(where, "the filesystem claims " + volumeBytes + " bytes but the device holds only "
                    + deviceBytes + " (truncated image?)");
        }
        long rootSectors = ((long) rootEntries * 32 + bps - 1) / bps;
        long firstData = reserved + nFats * fatSz + rootSectors;
        if (firstData >= total) {
            throw bad(where, "FATs and root directory (" + firstData + " sectors) leave no data area in "
                    + total + " sectors");
        }
        long clusters = (total - firstData) / spc;
        FatType type;
        if (fat32Layout) {
            // Linux and dosfstools decide by BPB_FATSz16 == 0; a FAT32 below 65525 clusters is
            // out of spec, but its layout is unambiguous, so it is read.
            type = FatType.FAT32;
            if (rootEntries != 0) {
                throw bad(where, "FAT32 boot sector has a root entry count of " + rootEntries + " (must be 0)");
            }
        } else if (clusters < FatType.FAT16.minClusters()) {
            throw bad(where, "this is FAT12 (" + clusters + " clusters); only FAT16 and FAT32 are supported");
        } else if (clusters > FatType.FAT16.maxClusters()) {
            throw bad(where, "FAT16 layout with " + clusters + " clusters (at most 65524)");
        } else {
            type = FatType.FAT16;
            if (rootEntries == 0) {
                throw bad(where, "FAT16 boot sector has no root directory entries");
            }
        }
        if (clusters > type.maxClusters() || clusters < 1) {
            throw bad(where, "cluster count " + clusters + " is out of range for " + type);
        }
        if ((clusters + 2) * type.entryBytes() > fatSz * bps) {
            throw bad(where, "a FAT of " + fatSz + " sectors cannot describe " + clusters + " clusters");
        }
        int extFlags = 0;
        int rootCluster = 0;
        int fsInfo = 0;
        int backup = 0;
        int volId;
        String label;
        if (type == FatType.FAT32) {
            extFlags = b.getShort(40) & 0xFFFF;
            int version = b.getShort(42) & 0xFFFF;
            if (version != 0) {
                throw bad(where, "FAT32 version " + (version >> 8) + "." + (version & 0xFF) + " is not 0.0");
            }
            if ((extFlags & EXT_FLAGS_NO_MIRROR) != 0 && (extFlags & 0x0F) >= nFats) {
                throw bad(where, "active FAT " + (extFlags & 0x0F) + " does not exist (" + nFats + " FATs)");
            }
            rootCluster = b.getInt(44);
            if (rootCluster < 2 || rootCluster > clusters + 1) {
                throw bad(where, "root directory cluster " + Integer.toUnsignedString(rootCluster)
                        + " is outside 2.." + (clusters + 1));
            }
            fsInfo = b.getShort(48) & 0xFFFF;
            backup = b.getShort(50) & 0xFFFF;
            boolean ext = (s[66] & 0xFF) == EXTENDED_BOOT_SIGNATURE;
            volId = ext ? b.getInt(67) : 0;
            label = ext ? ascii(s, 71, 11) : "";
        } else {
            boolean ext = (s[38] & 0xFF) == EXTENDED_BOOT_SIGNATURE;
            volId = ext ? b.getInt(39) : 0;
            label = ext ? ascii(s, 43, 11) : "";
        }
        return new BootSector(bps, spc, reserved, nFats, rootEntries, total, media, fatSz,
                b.getShort(24) & 0xFFFF, b.getShort(26) & 0xFFFF, b.getInt(28) & 0xFFFFFFFFL, type,
                extFlags, rootCluster, fsInfo, backup, volId, label);
    }

    private static String ascii(byte[] s, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int c = s[off + i] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return sb.toString().stripTrailing();
    }

    private static HardwareException bad(String where, String what) {
        return new HardwareException("FAT on " + where + ": bad boot sector: " + what);
    }

    byte[] encode() {
        byte[] s = new byte[bytesPerSector];
        ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
        boolean fat32 = type == FatType.FAT32;
        int bootCode = fat32 ? 0x5A : 0x3E;
        s[0] = (byte) 0xEB;
        s[1] = (byte) (bootCode - 2);
        s[2] = (byte) 0x90;
        b.put(3, OEM_NAME.getBytes(StandardCharsets.US_ASCII));
        b.putShort(11, (short) bytesPerSector);
        s[13] = (byte) sectorsPerCluster;
        b.putShort(14, (short) reservedSectors);
        s[16] = (byte) numFats;
        b.putShort(17, (short) rootEntries);
        if (!fat32 && totalSectors < 0x10000) {
            b.putShort(19, (short) totalSectors);
        } else {
            b.putInt(32, (int) totalSectors);
        }
        s[21] = (byte) media;
        if (!fat32) {
            b.putShort(22, (short) fatSectors);
        }
        b.putShort(24, (short) sectorsPerTrack);
        b.putShort(26, (short) heads);
        b.putInt(28, (int) hiddenSectors);
        int ext;
        if (fat32) {
            b.putInt(36, (int) fatSectors);
            b.putShort(40, (short) extFlags);
            b.putShort(42, (short) 0);
            b.putInt(44, rootCluster);
            b.putShort(48, (short) fsInfoSector);
            b.putShort(50, (short) backupBootSector);
            ext = 64;
        } else {
            ext = 36;
        }
        s[ext] = (byte) 0x80; // BIOS drive number: first hard disk
        s[ext + 2] = (byte) EXTENDED_BOOT_SIGNATURE;
        b.putInt(ext + 3, volumeId);
        b.put(ext + 7, pad(label, 11));
        b.put(ext + 18, pad(fat32 ? "FAT32" : "FAT16", 8));
        b.put(bootCode, DUMMY_BOOT_CODE);
        int message = bootCode + DUMMY_BOOT_CODE.length;
        b.putShort(bootCode + 3, (short) (0x7C00 + message));
        b.put(message, BOOT_MESSAGE.getBytes(StandardCharsets.US_ASCII));
        s[SIGNATURE_OFFSET] = 0x55;
        s[SIGNATURE_OFFSET + 1] = (byte) 0xAA;
        return s;
    }

    static byte[] pad(String text, int len) {
        byte[] out = new byte[len];
        java.util.Arrays.fill(out, (byte) ' ');
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, out, 0, Math.min(len, t.length));
        return out;
    }
}
