package dev.bronze.hardware.smbios;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of SMBIOS tables in dump-bin form: every decoded type with random values, lengths
 * cut at the specification's version steps or anywhere, strings with placeholders, padding, empty
 * sets and bad indexes, and the quirks real firmware has (inactive structures, no end marker, a
 * zero-length header, a structure running off the end, 2.x and 3.x entry points).
 */
final class RandomTables {

    record Generated(byte[] dump, String description) {
    }

    private static final String[] WORDS = {"To Be Filled By O.E.M.", "Default string", "Not Specified",
        "American Megatrends Inc.", "Dell Inc.", "Supermicro", "QEMU", "  padded  ", "DDR4-3200 ", "P1-DIMMA1",
        "CPU 1", "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz", "AMD EPYC 7763 64-Core Processor", "Samsung",
        "M393A8G40BB4-CWE  ", "0123456789", "ASUSTeK COMPUTER INC.", "Raspberry Pi Foundation", "BCM2711",
        "Micron Technology", "L1 - Cache", "J6B2", "Slot 1", "[MS_VM_CERT/SHA1/9b80ca0d5dd061ec]", "x",
        "v1.2.3-rc1", "01/02/2023", "Amazon EC2", "m5.large", "Google Compute Engine", "VMware-42 30 a8 12"};

    private static final int[] TYPES = {0, 1, 2, 3, 4, 7, 9, 11, 16, 17, 19, 32, 38, 41, 43};

    private RandomTables() {
    }

    static Generated generate(long seed) {
        Random r = new Random(seed);
        int[][] versions = {{2, 0}, {2, 1}, {2, 2}, {2, 3}, {2, 5}, {2, 6}, {2, 7}, {2, 8}, {3, 0}, {3, 2}, {3, 3}, {3, 4}, {3, 5}};
        int[] v = versions[r.nextInt(versions.length)];
        TableBuilder t = new TableBuilder();
        int n = 3 + r.nextInt(25);
        int handle = r.nextInt(4) == 0 ? 0x100 : 0;
        StringBuilder desc = new StringBuilder("seed " + seed + ", SMBIOS " + v[0] + "." + v[1]);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(12);
            int type = k == 0 ? (r.nextBoolean() ? 126 : 128 + r.nextInt(128)) : k == 1 ? r.nextInt(126) : TYPES[r.nextInt(TYPES.length)];
            List<String> strings = strings(r);
            byte[] f = structure(r, type, handle++, strings.size());
            t.add(f, strings);
        }
        String quirk = "";
        switch (r.nextInt(8)) {
            case 0 -> quirk = ", no end marker";
            case 1 -> {
                t.raw(new byte[] {1, 0, 0x33, 0x33, 0, 0});
                quirk = ", zero-length header";
            }
            case 2 -> {
                byte[] f = structure(r, 17, handle, 0);
                t.raw(f);
                quirk = ", truncated last structure";
            }
            default -> t.end(0xFEFF);
        }
        desc.append(", ").append(t.count()).append(" structures").append(quirk);
        return new Generated(TableBuilder.dump(t.table(), v[0], v[1], t.count() + (quirk.isEmpty() ? 0 : 0)),
                desc.toString());
    }

    private static List<String> strings(Random r) {
        int n = r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(6);
        List<String> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(r.nextInt(8) == 0 ? "v" + r.nextInt(1000) + "\u0001ctl" : WORDS[r.nextInt(WORDS.length)]);
        }
        return s;
    }

    /** Length of the full structure for the type, and the steps at which older versions stop. */
    private static int[] lengths(int type, Random r, int[] extra) {
        return switch (type) {
            case 0 -> new int[] {0x12, 0x13, 0x14, 0x18, 0x1A};
            case 1 -> new int[] {0x08, 0x19, 0x1B};
            case 2 -> new int[] {0x08, 0x09, 0x0A, 0x0E, 0x0F + 2 * extra[0]};
            case 3 -> new int[] {0x09, 0x0D, 0x11, 0x13, 0x15 + extra[0] * extra[1], 0x16 + extra[0] * extra[1]};
            case 4 -> new int[] {0x1A, 0x20, 0x23, 0x28, 0x2A, 0x30, 0x32};
            case 7 -> new int[] {0x0F, 0x13, 0x1B};
            case 9 -> new int[] {0x0C, 0x0D, 0x11, 0x13};
            case 11 -> new int[] {0x05};
            case 16 -> new int[] {0x0F, 0x17};
            case 17 -> new int[] {0x15, 0x1B, 0x1C, 0x22, 0x28, 0x34, 0x3C, 0x44, 0x4C, 0x54, 0x5C};
            case 19 -> new int[] {0x0F, 0x1F};
            case 32 -> new int[] {0x0B, 0x14};
            case 38 -> new int[] {0x10, 0x11, 0x12};
            case 41 -> new int[] {0x0B};
            case 43 -> new int[] {0x1B, 0x1F};
            default -> new int[] {4 + r.nextInt(20)};
        };
    }

    static byte[] structure(Random r, int type, int handle, int nStrings) {
        int[] extra = {r.nextInt(4), 3 + r.nextInt(2)};
        int[] steps = lengths(type, r, extra);
        int len = r.nextInt(10) == 0 ? 4 + r.nextInt(steps[steps.length - 1]) : steps[r.nextInt(steps.length)];
        int full = Math.max(len, steps[steps.length - 1]) + 8;
        byte[] b = new byte[full];
        r.nextBytes(b);
        b[0] = (byte) type;
        b[1] = (byte) len;
        b[2] = (byte) handle;
        b[3] = (byte) (handle >> 8);
        switch (type) {
            case 0 -> {
                str(r, b, nStrings, 0x04, 0x05, 0x08);
                if (r.nextBoolean()) {
                    b[0x06] = 0;
                    b[0x07] = 0;
                }
                if (r.nextInt(3) == 0) {
                    b[0x09] = (byte) 0xFF;
                }
                if (r.nextInt(3) == 0) {
                    b[0x14] = (byte) 0xFF;
                }
            }
            case 1 -> {
                str(r, b, nStrings, 0x04, 0x05, 0x06, 0x07, 0x19, 0x1A);
                int u = r.nextInt(4);
                for (int i = 0; i < 16 && u < 2; i++) {
                    b[0x08 + i] = (byte) (u == 0 ? 0 : 0xFF);
                }
                b[0x18] = (byte) r.nextInt(10);
            }
            case 2 -> {
                str(r, b, nStrings, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0A);
                b[0x0D] = (byte) r.nextInt(15);
                b[0x0E] = (byte) extra[0];
            }
            case 3 -> {
                str(r, b, nStrings, 0x04, 0x06, 0x07, 0x08, 0x15 + extra[0] * extra[1]);
                b[0x05] = (byte) (r.nextInt(0x26) | (r.nextBoolean() ? 0x80 : 0));
                for (int i = 0x09; i <= 0x0C; i++) {
                    b[i] = (byte) r.nextInt(8);
                }
                b[0x13] = (byte) extra[0];
                b[0x14] = (byte) extra[1];
                for (int i = 0; i < extra[0]; i++) {
                    int p = 0x15 + i * extra[1];
                    b[p] = (byte) (r.nextBoolean() ? 0x80 | r.nextInt(47) : r.nextInt(15));
                }
            }
            case 4 -> {
                str(r, b, nStrings, 0x04, 0x07, 0x10, 0x20, 0x21, 0x22);
                b[0x05] = (byte) r.nextInt(8);
                Integer[] fams = Names.PROCESSOR_FAMILIES.keySet().toArray(new Integer[0]);
                int fam = r.nextInt(10) == 0 ? r.nextInt(0x300) : r.nextInt(12) == 0 ? 0x30 : fams[r.nextInt(fams.length)];
                if (fam > 0xFD || r.nextInt(8) == 0) {
                    b[0x06] = (byte) 0xFE;
                    b[0x28] = (byte) fam;
                    b[0x29] = (byte) (fam >> 8);
                } else {
                    b[0x06] = (byte) fam;
                }
                b[0x19] = (byte) r.nextInt(0x42);
                if (r.nextBoolean()) {
                    b[0x1A] = (byte) 0xFF;
                    b[0x1B] = (byte) 0xFF;
                }
                if (r.nextInt(3) == 0) {
                    b[0x23] = (byte) 0xFF;
                }
                if (r.nextInt(3) == 0) {
                    b[0x25] = 0;
                }
            }
            case 7 -> {
                str(r, b, nStrings, 0x04);
                b[0x10] = (byte) r.nextInt(8);
                b[0x11] = (byte) r.nextInt(7);
                b[0x12] = (byte) r.nextInt(16);
                if (r.nextBoolean()) {
                    b[0x0A] &= 0x7F;
                    b[0x08] &= 0x7F;
                    b[0x16] &= 0x7F;
                    b[0x1A] &= 0x7F;
                }
            }
            case 9 -> {
                str(r, b, nStrings, 0x04);
                int[] slotTypes = {0x04, 0x05, 0x07, 0x24, 0x26, 0x28, 0x30, 0xB7, 0xC4, 0xC6, 0x01, 0x03, 0x06, 0x0E, 0x0F, 0x12, 0x14, 0x15, 0x16, 0x17, 0x1F, 0x20, 0x21,
                    0xA5, 0xA6, 0xA8, 0xAA, 0xAB, 0xB0, 0xB1, 0xB6, 0xB8, 0xBD, 0xBE, 0xC3};
                b[0x05] = (byte) slotTypes[r.nextInt(slotTypes.length)];
                b[0x06] = (byte) r.nextInt(16);
                b[0x07] = (byte) r.nextInt(7);
                b[0x08] = (byte) r.nextInt(8);
                if (r.nextInt(4) == 0) {
                    b[0x0D] = (byte) 0xFF;
                    b[0x0E] = (byte) 0xFF;
                    b[0x0F] = (byte) 0xFF;
                    b[0x10] = (byte) 0xFF;
                }
            }
            case 11 -> b[0x04] = (byte) r.nextInt(nStrings + 2);
            case 16 -> {
                int[] locs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xA0, 0xA3, 0xA4, 0xA5};
                b[0x04] = (byte) locs[r.nextInt(locs.length)];
                b[0x05] = (byte) r.nextInt(9);
                b[0x06] = (byte) r.nextInt(9);
                if (r.nextBoolean()) {
                    b[0x07] = 0;
                    b[0x08] = 0;
                    b[0x09] = 0;
                    b[0x0A] = (byte) 0x80;
                }
                if (r.nextBoolean()) {
                    b[0x16] = 0;
                    b[0x15] = 0;
                }
                if (r.nextInt(3) == 0) {
                    b[0x0B] = (byte) 0xFE;
                    b[0x0C] = (byte) 0xFF;
                }
            }
            case 17 -> {
                str(r, b, nStrings, 0x10, 0x11, 0x17, 0x18, 0x19, 0x1A, 0x2B);
                b[0x28] = (byte) r.nextInt(9);
                for (int off = 0x34; off < 0x54; off += 8) {
                    int k = r.nextInt(4);
                    for (int i = 0; i < 8; i++) {
                        b[off + i] = k == 0 ? 0 : k == 1 ? (byte) 0xFF : i < 5 ? b[off + i] : 0;
                    }
                }
                if (r.nextBoolean()) {
                    b[0x2C] = 0;
                    b[0x2D] = 0;
                }
                int[] sizes = {0, 0xFFFF, 0x7FFF, 0x8000 | 512, 1024, 2048, 4096, 8192, 16384, 32767, 0x1234};
                int sz = sizes[r.nextInt(sizes.length)];
                b[0x0C] = (byte) sz;
                b[0x0D] = (byte) (sz >> 8);
                long[] ext = {32768, 65536, 131072, 1536, 1048576, 3 << 20};
                long e = ext[r.nextInt(ext.length)];
                for (int i = 0; i < 4; i++) {
                    b[0x1C + i] = (byte) (e >> (8 * i));
                }
                b[0x0E] = (byte) r.nextInt(18);
                b[0x12] = (byte) r.nextInt(0x25);
                if (r.nextInt(3) == 0) {
                    b[0x15] = (byte) 0xFF;
                    b[0x16] = (byte) 0xFF;
                }
                int[] mv = {0, 1200, 1350, 1100, 1125, 1500, 600};
                for (int off : new int[] {0x22, 0x24, 0x26}) {
                    int m = mv[r.nextInt(mv.length)];
                    b[off] = (byte) m;
                    b[off + 1] = (byte) (m >> 8);
                }
                if (r.nextBoolean()) {
                    b[0x08] = (byte) 0xFF;
                    b[0x09] = (byte) 0xFF;
                }
            }
            case 19 -> {
                if (r.nextBoolean()) {
                    b[0x04] = (byte) 0xFF;
                    b[0x05] = (byte) 0xFF;
                    b[0x06] = (byte) 0xFF;
                    b[0x07] = (byte) 0xFF;
                }
                b[0x16] &= 0x0F;
                b[0x1E] &= 0x0F;
                if (r.nextInt(6) == 0) {
                    System.arraycopy(b, 0x0F, b, 0x17, 8);
                    System.arraycopy(b, 0x04, b, 0x08, 4);
                }
            }
            case 32 -> b[0x0A] = (byte) (r.nextBoolean() ? r.nextInt(10) : r.nextInt(256));
            case 38 -> b[0x04] = (byte) r.nextInt(6);
            case 41 -> {
                str(r, b, nStrings, 0x04);
                b[0x05] = (byte) (r.nextInt(18) | (r.nextBoolean() ? 0x80 : 0));
                if (r.nextInt(4) == 0) {
                    b[0x07] = (byte) 0xFF;
                    b[0x08] = (byte) 0xFF;
                    b[0x09] = (byte) 0xFF;
                    b[0x0A] = (byte) 0xFF;
                }
            }
            case 43 -> {
                str(r, b, nStrings, 0x12);
                b[0x08] = (byte) (1 + r.nextInt(2));
                if (r.nextInt(5) == 0) {
                    b[0x05] = 0;
                }
            }
            default -> {
            }
        }
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, 0, len);
        // A double NUL inside the formatted area is fine; one right after it would end the string set early.
        return out;
    }

    /** String references: mostly valid, sometimes 0 (none) or past the end (bad index). */
    private static void str(Random r, byte[] b, int n, int... offsets) {
        for (int off : offsets) {
            if (off >= b.length) {
                continue;
            }
            int k = r.nextInt(10);
            b[off] = (byte) (k == 0 ? 0 : k == 1 ? n + 1 : n == 0 ? 0 : 1 + r.nextInt(n));
        }
    }
}
