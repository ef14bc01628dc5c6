package dev.bronze.hardware.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * ISO 9660 (ECMA-119) with the Joliet supplementary descriptor.
 *
 * <p>The label is built as libblkid builds it: Joliet holds only 16 UCS-2 characters, so its text
 * comes first and the rest of the 32-character primary identifier follows. That keeps lower case
 * ({@code cidata}) from Joliet and the length from the primary descriptor. The UUID is the volume's
 * modification time (else its creation time) as {@code YYYY-MM-DD-HH-MM-SS-CC}, as blkid prints it.
 */
final class IsoProbe {

    static final long DESCRIPTORS = 16 * 2048L;
    static final int SECTOR = 2048;
    static final int MAX_DESCRIPTORS = 64;
    static final int TYPE_PRIMARY = 1;
    static final int TYPE_SUPPLEMENTARY = 2;
    static final int TYPE_TERMINATOR = 255;

    private IsoProbe() {
    }

    static Optional<Volume> probe(ByteSource src, String device) throws IOException {
        byte[] pvd = null;
        byte[] joliet = null;
        for (int i = 0; i < MAX_DESCRIPTORS; i++) {
            byte[] d = src.read(DESCRIPTORS + (long) i * SECTOR, SECTOR);
            if (d == null || !Bytes.ascii(d, 1, "CD001")) {
                break;
            }
            int type = d[0] & 0xff;
            if (type == TYPE_PRIMARY && pvd == null) {
                pvd = d;
            } else if (type == TYPE_SUPPLEMENTARY && joliet == null && isJoliet(d)) {
                joliet = d;
            } else if (type == TYPE_TERMINATOR) {
                break;
            }
        }
        if (pvd == null) {
            return Optional.empty();
        }
        String label = joliet != null ? mergedLabel(joliet, pvd) : Bytes.label(pvd, 40, 32);
        String uuid = date(pvd, 830);
        if (uuid == null) {
            uuid = date(pvd, 813);
        }
        return Optional.of(new Volume(device, label, "iso9660", uuid));
    }

    /** Joliet escape sequences for UCS-2 levels 1, 2 and 3 (ECMA-119 8.5.6, Joliet spec). */
    private static boolean isJoliet(byte[] d) {
        return d[88] == '%' && d[89] == '/' && (d[90] == '@' || d[90] == 'C' || d[90] == 'E');
    }

    private static String mergedLabel(byte[] joliet, byte[] pvd) {
        StringBuilder sb = new StringBuilder();
        int a = 0;
        for (int u = 40; u + 1 < 72; u += 2, a++) {
            char c = (char) ((joliet[u] & 0xff) << 8 | (joliet[u + 1] & 0xff));
            if (c == 0) {
                break;
            }
            sb.append(c);
        }
        // Joliet's field holds 16 characters; the primary identifier may say more.
        if (sb.length() == 16) {
            for (int i = 40 + 16; i < 72 && pvd[i] != 0; i++) {
                sb.append((char) (pvd[i] & 0xff));
            }
        }
        String s = sb.toString();
        if (s.isBlank()) {
            return Bytes.label(pvd, 40, 32);
        }
        return Bytes.clean(s);
    }

    /** An ECMA-119 8.4.26.1 date: 16 ASCII digits and a zone byte; null when unset (all '0' or NUL). */
    private static String date(byte[] d, int o) {
        String s = new String(d, o, 16, StandardCharsets.ISO_8859_1);
        boolean allZero = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isDigit(c)) {
                return null;
            }
            allZero &= c == '0';
        }
        if (allZero) {
            return null;
        }
        return s.substring(0, 4) + "-" + s.substring(4, 6) + "-" + s.substring(6, 8) + "-" + s.substring(8, 10)
                + "-" + s.substring(10, 12) + "-" + s.substring(12, 14) + "-" + s.substring(14, 16);
    }
}
