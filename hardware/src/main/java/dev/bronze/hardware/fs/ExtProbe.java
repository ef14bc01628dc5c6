package dev.bronze.hardware.fs;

import java.io.IOException;
import java.util.Optional;

/** ext2/3/4 superblock (at byte 1024), typed the way libblkid types it. */
final class ExtProbe {

    static final int SUPERBLOCK_OFFSET = 1024;
    static final int EXT_MAGIC = 0xEF53;
    static final long COMPAT_HAS_JOURNAL = 0x4;
    static final long INCOMPAT_JOURNAL_DEV = 0x8;
    /** Features an ext3 driver understands: FILETYPE, RECOVER, META_BG; anything more is ext4. */
    static final long EXT3_INCOMPAT_SUPP = 0x2 | 0x4 | 0x10;
    /** SPARSE_SUPER, LARGE_FILE, BTREE_DIR. */
    static final long EXT3_RO_COMPAT_SUPP = 0x1 | 0x2 | 0x4;

    private ExtProbe() {
    }

    static Optional<Volume> probe(ByteSource src, String device) throws IOException {
        byte[] sb = src.read(SUPERBLOCK_OFFSET, 1024);
        if (sb == null || Bytes.le16(sb, 0x38) != EXT_MAGIC) {
            return Optional.empty();
        }
        long compat = Bytes.le32(sb, 0x5C);
        long incompat = Bytes.le32(sb, 0x60);
        long roCompat = Bytes.le32(sb, 0x64);
        if ((incompat & INCOMPAT_JOURNAL_DEV) != 0) {
            return Optional.empty(); // an external journal, not a filesystem ("jbd" in blkid)
        }
        String type;
        if ((incompat & ~EXT3_INCOMPAT_SUPP) != 0 || (roCompat & ~EXT3_RO_COMPAT_SUPP) != 0) {
            type = "ext4";
        } else if ((compat & COMPAT_HAS_JOURNAL) != 0) {
            type = "ext3";
        } else {
            type = "ext2";
        }
        String uuid = Bytes.allZero(sb, 0x68, 16) ? null : Bytes.uuid(sb, 0x68);
        return Optional.of(new Volume(device, Bytes.label(sb, 0x78, 16), type, uuid));
    }
}
