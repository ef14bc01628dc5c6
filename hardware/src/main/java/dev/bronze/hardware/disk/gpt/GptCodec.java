package dev.bronze.hardware.disk.gpt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/** Bytes of the protective MBR, GPT headers and entry arrays; no I/O. */
final class GptCodec {

    /** ASCII "EFI PART". */
    static final long GPT_HEADER_SIGNATURE = 0x5452415020494645L;
    static final int GPT_REVISION_1_0 = 0x00010000;
    static final int GPT_HEADER_SIZE = 92;
    static final int MBR_SIGNATURE_OFFSET = 510;
    static final int MBR_PARTITION_TABLE_OFFSET = 446;
    static final int OS_TYPE_GPT_PROTECTIVE = 0xEE;
    /** Entry arrays beyond this are hostile or broken: 128 entries × 128 bytes is the norm. */
    static final long MAX_ARRAY_BYTES = 1L << 20;
    static final int MAX_ENTRY_SIZE = 4096;

    private GptCodec() {
    }

    static long crc32(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }

    /** One sector holding a header for {@code gpt}: primary at LBA 1 or backup at the last LBA. */
    static byte[] header(Gpt gpt, boolean primary, long entryArrayCrc) {
        byte[] s = new byte[gpt.sectorSize()];
        ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, GPT_HEADER_SIGNATURE);
        b.putInt(8, GPT_REVISION_1_0);
        b.putInt(12, GPT_HEADER_SIZE);
        b.putLong(24, primary ? 1 : gpt.lastLba());
        b.putLong(32, primary ? gpt.lastLba() : 1);
        b.putLong(40, gpt.firstUsableLba());
        b.putLong(48, gpt.lastUsableLba());
        Guids.put(gpt.diskGuid(), s, 56);
        // The backup header names the backup array, never the primary one (genimage#72).
        b.putLong(72, primary ? 2 : gpt.backupArrayLba());
        b.putInt(80, gpt.entryCount());
        b.putInt(84, gpt.entrySize());
        b.putInt(88, (int) entryArrayCrc);
        b.putInt(16, (int) crc32(s, 0, GPT_HEADER_SIZE));
        return s;
    }

    /** The entry array, padded with zeros to whole sectors; the CRC covers only count × size bytes. */
    static byte[] entries(Gpt gpt) {
        byte[] a = new byte[gpt.entryArrayLbas() * gpt.sectorSize()];
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        for (GptPartition p : gpt.partitions()) {
            int off = (p.number() - 1) * gpt.entrySize();
            Guids.put(p.type(), a, off);
            Guids.put(p.guid(), a, off + 16);
            b.putLong(off + 32, p.firstLba());
            b.putLong(off + 40, p.lastLba());
            b.putLong(off + 48, p.attributes());
            byte[] name = p.name().getBytes(StandardCharsets.UTF_16LE);
            System.arraycopy(name, 0, a, off + 56, Math.min(name.length, 72));
        }
        return a;
    }

    static long entriesCrc(Gpt gpt, byte[] array) {
        return crc32(array, 0, gpt.entryCount() * gpt.entrySize());
    }

    /** LBA 0: a protective MBR whose single 0xEE record covers the disk (UEFI 5.2.3). */
    static byte[] protectiveMbr(Gpt gpt, long totalLbas) {
        byte[] s = new byte[gpt.sectorSize()];
        ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
        int r = MBR_PARTITION_TABLE_OFFSET;
        s[r] = (byte) (gpt.pmbrBootable() ? 0x80 : 0x00);
        s[r + 1] = 0x00;
        s[r + 2] = 0x02;
        s[r + 3] = 0x00;
        s[r + 4] = (byte) OS_TYPE_GPT_PROTECTIVE;
        s[r + 5] = (byte) 0xff;
        s[r + 6] = (byte) 0xff;
        s[r + 7] = (byte) 0xff;
        b.putInt(r + 8, 1);
        b.putInt(r + 12, (int) Math.min(totalLbas - 1, 0xffffffffL));
        s[MBR_SIGNATURE_OFFSET] = 0x55;
        s[MBR_SIGNATURE_OFFSET + 1] = (byte) 0xaa;
        return s;
    }

    /**
     * Parses and checks one header read from {@code lba} of a disk of {@code totalLbas} blocks.
     * Order as UEFI 5.3.2 asks: signature, size, CRC, MyLBA, then the geometry fields.
     */
    static GptHeader parseHeader(byte[] sector, long lba, long totalLbas, int sectorSize) {
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(0) != GPT_HEADER_SIGNATURE) {
            throw new GptException("no \"EFI PART\" signature");
        }
        int revision = b.getInt(8);
        if ((revision >>> 16) != 1) {
            throw new GptException(String.format("unsupported revision 0x%08x", revision));
        }
        int headerSize = b.getInt(12);
        if (headerSize < GPT_HEADER_SIZE || headerSize > sectorSize) {
            throw new GptException("header size " + Integer.toUnsignedString(headerSize) + " outside 92.." + sectorSize);
        }
        long storedCrc = b.getInt(16) & 0xffffffffL;
        byte[] copy = sector.clone();
        copy[16] = copy[17] = copy[18] = copy[19] = 0;
        long crc = crc32(copy, 0, headerSize);
        if (crc != storedCrc) {
            throw new GptException(String.format("header CRC mismatch (stored 0x%08x, computed 0x%08x)", storedCrc, crc));
        }
        long myLba = b.getLong(24);
        if (myLba != lba) {
            throw new GptException("header at LBA " + lba + " says it is at LBA " + Long.toUnsignedString(myLba));
        }
        long alternate = b.getLong(32);
        long firstUsable = b.getLong(40);
        long lastUsable = b.getLong(48);
        long arrayLba = b.getLong(72);
        long count = b.getInt(80) & 0xffffffffL;
        long size = b.getInt(84) & 0xffffffffL;
        long arrayCrc = b.getInt(88) & 0xffffffffL;
        if (size < 128 || size > MAX_ENTRY_SIZE || Long.bitCount(size) != 1) {
            throw new GptException("entry size " + size + " is not 128 × 2^n (at most " + MAX_ENTRY_SIZE + ")");
        }
        if (count < 1 || count * size > MAX_ARRAY_BYTES) {
            throw new GptException("entry array of " + count + " × " + size + " bytes is empty or larger than 1 MiB");
        }
        long arrayLbas = (count * size + sectorSize - 1) / sectorSize;
        if (alternate < 1 || alternate >= totalLbas || alternate == lba) {
            throw new GptException("alternate header LBA " + Long.toUnsignedString(alternate)
                    + " is not another block of the disk (" + totalLbas + " blocks)");
        }
        if (firstUsable < 0 || lastUsable < firstUsable || lastUsable >= totalLbas) {
            throw new GptException("usable LBAs " + Long.toUnsignedString(firstUsable) + ".."
                    + Long.toUnsignedString(lastUsable) + " do not fit a disk of " + totalLbas + " blocks");
        }
        if (arrayLba < 2 || arrayLba > totalLbas - arrayLbas) {
            throw new GptException("entry array at LBA " + Long.toUnsignedString(arrayLba) + " lies outside the disk");
        }
        boolean arrayBeforeUsable = arrayLba + arrayLbas <= firstUsable;
        boolean arrayAfterUsable = arrayLba > lastUsable;
        if (!arrayBeforeUsable && !arrayAfterUsable) {
            throw new GptException("entry array at LBA " + arrayLba + " overlaps the usable LBAs "
                    + firstUsable + ".." + lastUsable);
        }
        if (lba > 1 && arrayLba + arrayLbas > lba) {
            throw new GptException("backup entry array at LBA " + arrayLba + " runs into its header at LBA " + lba);
        }
        if (firstUsable <= 1 || (lba == 1 && alternate <= lastUsable) || (lba > 1 && lba <= lastUsable)) {
            throw new GptException("usable LBAs " + firstUsable + ".." + lastUsable + " cover a header");
        }
        return new GptHeader(revision, headerSize, storedCrc, myLba, alternate, firstUsable, lastUsable,
                Guids.get(sector, 56), arrayLba, (int) count, (int) size, arrayCrc);
    }

    /** Decodes and checks an entry array against its header. */
    static List<GptPartition> parseEntries(byte[] array, GptHeader h) {
        long crc = crc32(array, 0, h.entryCount() * h.entrySize());
        if (crc != h.entryArrayCrc()) {
            throw new GptException(String.format("entry array CRC mismatch (stored 0x%08x, computed 0x%08x)",
                    h.entryArrayCrc(), crc));
        }
        ByteBuffer b = ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
        List<GptPartition> parts = new ArrayList<>();
        for (int i = 0; i < h.entryCount(); i++) {
            int off = i * h.entrySize();
            if (Guids.isZero(array, off)) {
                continue;
            }
            long first = b.getLong(off + 32);
            long last = b.getLong(off + 40);
            if (first < h.firstUsableLba() || last > h.lastUsableLba() || last < first) {
                throw new GptException("partition " + (i + 1) + " spans LBA " + Long.toUnsignedString(first) + ".."
                        + Long.toUnsignedString(last) + ", outside the usable LBAs "
                        + h.firstUsableLba() + ".." + h.lastUsableLba());
            }
            parts.add(new GptPartition(i + 1, Guids.get(array, off), Guids.get(array, off + 16), first, last,
                    b.getLong(off + 48), decodeName(array, off + 56)));
        }
        return parts;
    }

    /** UTF-16LE up to the first NUL code unit; 36 units without a NUL are accepted. */
    static String decodeName(byte[] a, int off) {
        int units = 0;
        while (units < GptPartition.MAX_NAME_UNITS && (a[off + 2 * units] | a[off + 2 * units + 1]) != 0) {
            units++;
        }
        return new String(a, off, units * 2, StandardCharsets.UTF_16LE);
    }
}
