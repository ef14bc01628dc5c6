package dev.bronze.hardware.disk.discovery;

import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Partition UUIDs read from a disk's own partition table, for machines without udev (the kernel's
 * uevent has no PARTUUID before Linux 6.x): GPT unique partition GUIDs (UEFI 2.10 §5.3), or the
 * MBR form {@code SSSSSSSS-PP} (disk signature, partition number) that Linux gives
 * {@code root=PARTUUID=}. Only the primary GPT is read, and only when its header and entry array
 * CRCs are right; anything else gives no ids, never an error.
 */
final class PartitionIds {

    private static final long GPT_SIGNATURE = 0x5452415020494645L; // "EFI PART" little-endian
    /** Far more than any real table (128 entries of 128 bytes); a hostile header cannot make us read more. */
    private static final int MAX_ARRAY_BYTES = 1 << 20;

    private PartitionIds() {
    }

    /** Partition number → UUID (lower case) of the table on {@code dev/NAME}, empty when unreadable. */
    static Map<Integer, String> read(SysRoot root, String name, int sectorSize) {
        Path p = root.path("dev/" + name);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(p)) {
            return Map.of();
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer mbr = readAt(ch, 0, 512);
            Map<Integer, String> gpt = gpt(ch, sectorSize);
            if (!gpt.isEmpty()) {
                return gpt;
            }
            return mbr == null ? Map.of() : mbr(mbr);
        } catch (IOException | RuntimeException e) {
            // A device that vanished, a read error, a hostile offset: no ids, and discovery goes on.
            return Map.of();
        }
    }

    private static Map<Integer, String> gpt(FileChannel ch, int sectorSize) throws IOException {
        ByteBuffer h = readAt(ch, sectorSize, 512);
        if (h == null || h.getLong(0) != GPT_SIGNATURE) {
            return Map.of();
        }
        int headerSize = h.getInt(12);
        if (headerSize < 92 || headerSize > 512) {
            return Map.of();
        }
        int crc = h.getInt(16);
        byte[] header = new byte[headerSize];
        h.get(0, header);
        header[16] = header[17] = header[18] = header[19] = 0;
        if (crc32(header) != crc) {
            return Map.of();
        }
        long entriesLba = h.getLong(72);
        long count = Integer.toUnsignedLong(h.getInt(80));
        long entrySize = Integer.toUnsignedLong(h.getInt(84));
        if (entrySize < 128 || entrySize % 8 != 0 || count * entrySize > MAX_ARRAY_BYTES || entriesLba < 2
                || entriesLba > Long.MAX_VALUE / 65536) {
            return Map.of();
        }
        ByteBuffer array = readAt(ch, entriesLba * sectorSize, (int) (count * entrySize));
        if (array == null) {
            return Map.of();
        }
        byte[] bytes = new byte[array.remaining()];
        array.get(0, bytes);
        if (crc32(bytes) != h.getInt(88)) {
            return Map.of();
        }
        Map<Integer, String> ids = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int off = (int) (i * entrySize);
            if (array.getLong(off) == 0 && array.getLong(off + 8) == 0) {
                continue; // unused entry (type GUID zero)
            }
            ids.put(i + 1, guid(array, off + 16));
        }
        return ids;
    }

    private static Map<Integer, String> mbr(ByteBuffer b) {
        if ((b.get(510) & 0xff) != 0x55 || (b.get(511) & 0xff) != 0xaa) {
            return Map.of();
        }
        int signature = b.getInt(440);
        Map<Integer, String> ids = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            int type = b.get(446 + 16 * i + 4) & 0xff;
            if (type == 0xee) {
                return Map.of(); // a protective MBR whose GPT we could not read: no ids at all
            }
            if (type != 0) {
                ids.put(i + 1, String.format(Locale.ROOT, "%08x-%02x", signature, i + 1));
            }
        }
        return ids;
    }

    /** A GUID as stored on disk: the first three fields little-endian, the rest as bytes. */
    static String guid(ByteBuffer b, int off) {
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%08x-%04x-%04x-",
                le.getInt(off), le.getShort(off + 4) & 0xffff, le.getShort(off + 6) & 0xffff));
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                s.append('-');
            }
            s.append(String.format(Locale.ROOT, "%02x", b.get(off + i) & 0xff));
        }
        return s.toString();
    }

    private static ByteBuffer readAt(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                return null;
            }
        }
        return buf.flip();
    }

    private static int crc32(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return (int) c.getValue();
    }
}
