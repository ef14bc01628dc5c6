package dev.bronze.hardware.fs;

import java.io.IOException;
import java.util.Optional;

/** XFS superblock at byte 0 (big-endian; {@code sb_fname} is 12 bytes at offset 108). */
final class XfsProbe {

    private XfsProbe() {
    }

    static Optional<Volume> probe(ByteSource src, String device) throws IOException {
        byte[] sb = src.read(0, 512);
        if (sb == null || !Bytes.ascii(sb, 0, "XFSB")) {
            return Optional.empty();
        }
        long blockSize = Bytes.be32(sb, 4);
        if (blockSize < 512 || blockSize > 65536 || Long.bitCount(blockSize) != 1) {
            return Optional.empty();
        }
        String uuid = Bytes.allZero(sb, 32, 16) ? null : Bytes.uuid(sb, 32);
        return Optional.of(new Volume(device, Bytes.label(sb, 108, 12), "xfs", uuid));
    }
}
