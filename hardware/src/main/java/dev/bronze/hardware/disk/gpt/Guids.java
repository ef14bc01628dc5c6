package dev.bronze.hardware.disk.gpt;

import java.util.UUID;

/**
 * GUIDs as UEFI stores them: the first three fields little-endian, the last eight bytes as they
 * are (UEFI spec, appendix A). {@link UUID} is big-endian throughout, so bytes 0-3, 4-5 and 6-7
 * are swapped on the way in and out; getting this wrong is the classic Java GPT bug.
 */
public final class Guids {

    private Guids() {
    }

    /** Writes {@code guid} at {@code off} in on-disk (mixed-endian) order. */
    public static void put(UUID guid, byte[] dst, int off) {
        long msb = guid.getMostSignificantBits();
        long lsb = guid.getLeastSignificantBits();
        byte[] be = new byte[16];
        for (int i = 0; i < 8; i++) {
            be[i] = (byte) (msb >>> (56 - 8 * i));
            be[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        dst[off] = be[3];
        dst[off + 1] = be[2];
        dst[off + 2] = be[1];
        dst[off + 3] = be[0];
        dst[off + 4] = be[5];
        dst[off + 5] = be[4];
        dst[off + 6] = be[7];
        dst[off + 7] = be[6];
        System.arraycopy(be, 8, dst, off + 8, 8);
    }

    /** Reads an on-disk GUID at {@code off}. */
    public static UUID get(byte[] src, int off) {
        byte[] be = {src[off + 3], src[off + 2], src[off + 1], src[off], src[off + 5], src[off + 4],
            src[off + 7], src[off + 6]};
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (be[i] & 0xff);
            lsb = (lsb << 8) | (src[off + 8 + i] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    /** The on-disk bytes of {@code guid}. */
    public static byte[] bytes(UUID guid) {
        byte[] b = new byte[16];
        put(guid, b, 0);
        return b;
    }

    static boolean isZero(byte[] src, int off) {
        for (int i = 0; i < 16; i++) {
            if (src[off + i] != 0) {
                return false;
            }
        }
        return true;
    }
}
