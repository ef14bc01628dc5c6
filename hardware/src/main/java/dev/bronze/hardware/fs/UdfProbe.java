package dev.bronze.hardware.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * UDF (ECMA-167 / OSTA UDF): the volume recognition sequence, the anchor at sector 256, then the
 * main volume descriptor sequence for the logical volume identifier (the label blkid reports) and
 * the volume set identifier (from which blkid derives the UUID). Azure's provisioning disc is UDF.
 */
final class UdfProbe {

    static final long VRS_START = 32768;
    static final int ANCHOR_SECTOR = 256;
    static final int TAG_PRIMARY = 1;
    static final int TAG_ANCHOR = 2;
    static final int TAG_LOGICAL = 6;
    static final int TAG_TERMINATING = 8;
    static final int MAX_VDS = 64;
    static final int[] BLOCK_SIZES = {2048, 512, 1024, 4096};

    private UdfProbe() {
    }

    static Optional<Volume> probe(ByteSource src, String device) throws IOException {
        if (!hasNsr(src)) {
            return Optional.empty();
        }
        for (int bs : BLOCK_SIZES) {
            byte[] anchor = src.read((long) ANCHOR_SECTOR * bs, 512);
            if (anchor == null || Bytes.le16(anchor, 0) != TAG_ANCHOR || Bytes.le32(anchor, 12) != ANCHOR_SECTOR) {
                continue;
            }
            long length = Bytes.le32(anchor, 16);
            long location = Bytes.le32(anchor, 20);
            long count = Math.min(length / bs, MAX_VDS);
            String volumeId = null;
            String volumeSet = null;
            byte[] volumeSetRaw = null;
            String logical = null;
            for (long i = 0; i < count; i++) {
                byte[] d = src.read((location + i) * bs, 512);
                if (d == null) {
                    break;
                }
                int tag = Bytes.le16(d, 0);
                if (tag == TAG_PRIMARY && volumeId == null) {
                    volumeId = dstring(d, 24, 32);
                    volumeSetRaw = java.util.Arrays.copyOfRange(d, 72, 72 + 128);
                    volumeSet = dstring(d, 72, 128);
                } else if (tag == TAG_LOGICAL && logical == null) {
                    logical = dstring(d, 84, 128);
                } else if (tag == TAG_TERMINATING || tag == 0) {
                    break;
                }
            }
            String label = logical != null ? logical : volumeId;
            String uuid = volumeSetRaw == null ? null : uuidFromVolumeSet(volumeSetRaw);
            return Optional.of(new Volume(device, label, "udf", uuid));
        }
        return Optional.empty();
    }

    /** An NSR02/NSR03 descriptor within the first 64 KiB after 32 KiB (any sector size up to 4 KiB). */
    private static boolean hasNsr(ByteSource src) throws IOException {
        for (int step : new int[] {2048, 4096, 512, 1024}) {
            for (long off = VRS_START; off < VRS_START + 64 * 1024; off += step) {
                byte[] d = src.read(off, 8);
                if (d == null) {
                    break;
                }
                if (Bytes.ascii(d, 1, "NSR02") || Bytes.ascii(d, 1, "NSR03")) {
                    return true;
                }
                if (!(Bytes.ascii(d, 1, "BEA01") || Bytes.ascii(d, 1, "CD001") || Bytes.ascii(d, 1, "CDW02")
                        || Bytes.ascii(d, 1, "BOOT2") || Bytes.ascii(d, 1, "TEA01"))) {
                    break;
                }
            }
        }
        return false;
    }

    /** An OSTA CS0 dstring: compression id 8 (Latin-1) or 16 (UCS-2 BE), its used length in the last byte. */
    static String dstring(byte[] d, int o, int size) {
        int used = d[o + size - 1] & 0xff;
        if (used < 1 || used > size - 1) {
            return null;
        }
        int comp = d[o] & 0xff;
        String s;
        if (comp == 8) {
            s = new String(d, o + 1, used - 1, StandardCharsets.ISO_8859_1);
        } else if (comp == 16) {
            s = new String(d, o + 1, (used - 1) & ~1, StandardCharsets.UTF_16BE);
        } else {
            return null;
        }
        int nul = s.indexOf('\0');
        return Bytes.clean(nul >= 0 ? s.substring(0, nul) : s);
    }

    /**
     * libblkid's rule: take the first 16 characters of the volume set identifier; if they are not
     * all alphanumeric there is no UUID; up to the first non-hex character they are kept as text,
     * and from there on the bytes are printed in hex, so the result is always 16 hex digits.
     */
    static String uuidFromVolumeSet(byte[] raw) {
        int used = raw[127] & 0xff;
        int comp = raw[0] & 0xff;
        byte[] buf = new byte[16];
        int len = 0;
        if (used < 1 || used > 127) {
            return null;
        }
        if (comp == 8) {
            for (int i = 1; i < used && len < 16; i++) {
                buf[len++] = raw[i];
            }
        } else if (comp == 16) {
            for (int i = 1; i + 1 < used && len < 16; i += 2) {
                if (raw[i] != 0) {
                    // A character outside Latin-1: blkid keeps its UTF-8 bytes; treat as no UUID.
                    return null;
                }
                buf[len++] = raw[i + 1];
            }
        } else {
            return null;
        }
        for (int i = 0; i < len; i++) {
            if (buf[i] == 0) {
                len = i;
                break;
            }
        }
        if (len < 8) {
            return null;
        }
        int binpos = 16;
        for (int i = 0; i < len; i++) {
            char c = (char) (buf[i] & 0xff);
            if (!(c < 0x80 && Character.isLetterOrDigit(c))) {
                return null;
            }
            if (binpos == 16 && Character.digit(c, 16) < 0) {
                binpos = i;
            }
        }
        StringBuilder sb = new StringBuilder();
        if (binpos < 8) {
            for (int i = 0; i < 8; i++) {
                sb.append(java.util.HexFormat.of().toHexDigits(buf[i]));
            }
        } else if (binpos < 16) {
            sb.append(new String(buf, 0, 8, StandardCharsets.ISO_8859_1));
            for (int i = 8; i < 12; i++) {
                sb.append(java.util.HexFormat.of().toHexDigits(buf[i]));
            }
        } else {
            sb.append(new String(buf, 0, 16, StandardCharsets.ISO_8859_1));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
