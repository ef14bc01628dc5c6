package dev.bronze.hardware.disk.wipe;

import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the filesystem, RAID and volume-manager signatures that blkid and the kernel would act on,
 * at the offsets libblkid probes. Used to say what a wipe destroys and to check that it did.
 */
public final class Signatures {

    /** One signature found: what it is and where its magic sits (bytes from the region start). */
    public record Found(String type, long offset) {
    }

    private record Magic(String type, long offset, byte[] bytes) {
    }

    private static final List<Magic> AT_START = List.of(
            magic("xfs", 0, "XFSB"),
            magic("ext4", 0x438, new byte[] {0x53, (byte) 0xef}),
            magic("vfat", 0x52, "FAT32   "),
            magic("vfat", 0x36, "FAT16   "),
            magic("vfat", 0x36, "FAT12   "),
            magic("btrfs", 0x10040, "_BHRfS_M"),
            magic("crypto_LUKS", 0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe}),
            magic("LVM2_member", 0x218, "LVM2 001"),
            magic("LVM2_member", 0x418, "LVM2 001"),
            magic("linux_raid_member", 0x1000, new byte[] {(byte) 0xfc, 0x4e, 0x2b, (byte) 0xa9}),
            magic("linux_raid_member", 0, new byte[] {(byte) 0xfc, 0x4e, 0x2b, (byte) 0xa9}),
            magic("swap", 0xff6, "SWAPSPACE2"),
            magic("swap", 0xff6, "SWAP-SPACE"),
            magic("swap", 0x3ff6, "SWAPSPACE2"),
            magic("swap", 0xfff6, "SWAPSPACE2"),
            magic("iso9660", 0x8001, "CD001"),
            magic("squashfs", 0, "hsqs"),
            magic("f2fs", 0x400, new byte[] {0x10, 0x20, (byte) 0xf5, (byte) 0xf2}),
            magic("bcache", 0x1018, new byte[] {(byte) 0xc6, (byte) 0x85, 0x73, (byte) 0xf6, 0x4e, 0x1a, 0x45,
                (byte) 0xca, (byte) 0x82, 0x65, (byte) 0xf5, 0x7f, 0x48, (byte) 0xba, 0x6d, (byte) 0x81}),
            magic("erofs", 0x400, new byte[] {(byte) 0xe2, (byte) 0xe1, (byte) 0xf5, (byte) 0xe0}),
            magic("gpt", 0x200, "EFI PART"),
            magic("gpt", 0x1000, "EFI PART"));

    private Signatures() {
    }

    private static Magic magic(String type, long offset, String ascii) {
        return new Magic(type, offset, ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static Magic magic(String type, long offset, byte[] bytes) {
        return new Magic(type, offset, bytes);
    }

    /** Every known signature in {@code region} (a partition or a whole disk). */
    public static List<Found> detect(BlockDevice region) throws IOException {
        long size = region.size();
        List<Found> out = new ArrayList<>();
        int head = (int) Math.min(size, 0x11000);
        byte[] start = head > 0 ? region.read(0, head) : new byte[0];
        for (Magic m : AT_START) {
            if (matches(start, m.offset(), m.bytes())) {
                if (m.type().equals("ext4") && !plausibleExt(start)) {
                    continue;
                }
                if (out.stream().noneMatch(f -> f.type().equals(m.type()))) {
                    out.add(new Found(m.type(), m.offset()));
                }
            }
        }
        // MD superblocks 0.90 (64 KiB-aligned, 64 KiB from the end) and 1.0 (8 KiB from the end).
        if (size >= 0x20000) {
            long v090 = (size & ~0xffffL) - 0x10000;
            long v10 = ((size - 0x2000) & ~0xfffL);
            for (long off : new long[] {v090, v10}) {
                byte[] b = region.read(off, 4);
                if (ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() == 0xa92b4efc
                        && out.stream().noneMatch(f -> f.type().equals("linux_raid_member"))) {
                    out.add(new Found("linux_raid_member", off));
                }
            }
        }
        // ZFS keeps four labels: two at the start (checked by their uberblock magic), two at the end.
        if (size >= 0x80000) {
            long l2 = (size & ~0x3ffffL) - 0x80000;
            for (long off : new long[] {0x20000, 0x60000, l2 + 0x20000}) {
                if (off + 8 <= size) {
                    long m = ByteBuffer.wrap(region.read(off, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
                    if ((m == 0x00bab10cL || Long.reverseBytes(m) == 0x00bab10cL)
                            && out.stream().noneMatch(f -> f.type().equals("zfs_member"))) {
                        out.add(new Found("zfs_member", off));
                    }
                }
            }
        }
        return out;
    }

    private static boolean plausibleExt(byte[] b) {
        // s_log_block_size at 0x418 must be 0..6 (1 KiB..64 KiB blocks), else it is two stray bytes.
        if (b.length < 0x420) {
            return false;
        }
        int logBlock = ByteBuffer.wrap(b, 0x418, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return logBlock >= 0 && logBlock <= 6;
    }

    private static boolean matches(byte[] b, long off, byte[] magic) {
        if (off + magic.length > b.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[(int) off + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
