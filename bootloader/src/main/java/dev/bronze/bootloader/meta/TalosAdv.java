package dev.bronze.bootloader.meta;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One copy of the "Talos extended ADV" (siderolabs/go-adv {@code adv/talos}), big-endian:
 * {@code magic1} at 0, then {@code tag u32, size u32, value} entries ended by tag 0, a SHA-256 of
 * the whole block (computed with the checksum field zeroed) at {@code -36}, {@code magic2} at
 * {@code -4}. Tags are written in ascending order so that the same values give the same bytes
 * (go-adv iterates a Go map, whose order is random; readers do not care).
 */
public final class TalosAdv {

    public static final int LENGTH = 256 * 1024;
    public static final int DATA_LENGTH = LENGTH - 40;
    public static final int MAGIC1 = 0x5a4b3c2d;
    public static final int MAGIC2 = 0xa5b4c3d2;
    private static final int CHECKSUM_OFFSET = LENGTH - 36;

    private TalosAdv() {
    }

    /** A decoded copy, or why it could not be used. */
    public sealed interface Decoded {
        record Valid(SortedMap<Integer, byte[]> tags) implements Decoded {
            public Valid {
                tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
            }
        }

        record Invalid(String reason) implements Decoded {
        }
    }

    /** Bytes that all entries of {@code tags} take in the data area. */
    public static int usedBytes(Map<Integer, byte[]> tags) {
        int n = 0;
        for (byte[] v : tags.values()) {
            n += 8 + v.length;
        }
        return n;
    }

    public static byte[] encode(Map<Integer, byte[]> tags) {
        if (usedBytes(tags) > DATA_LENGTH) {
            throw new IllegalArgumentException("META values take " + usedBytes(tags)
                    + " bytes, more than the " + DATA_LENGTH + " a copy holds");
        }
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC1);
        for (Map.Entry<Integer, byte[]> e : new TreeMap<>(tags).entrySet()) {
            int tag = e.getKey();
            if (tag <= 0 || tag > 0xff) {
                throw new IllegalArgumentException("META tag " + tag + " is out of range 1..255");
            }
            b.putInt(tag).putInt(e.getValue().length).put(e.getValue());
        }
        byte[] out = b.array();
        ByteBuffer.wrap(out).order(ByteOrder.BIG_ENDIAN).putInt(LENGTH - 4, MAGIC2);
        System.arraycopy(sha256(out), 0, out, CHECKSUM_OFFSET, 32);
        return out;
    }

    public static Decoded decode(byte[] block) {
        if (block.length != LENGTH) {
            return new Decoded.Invalid("block is " + block.length + " bytes, not " + LENGTH);
        }
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.BIG_ENDIAN);
        if (b.getInt(0) != MAGIC1) {
            return new Decoded.Invalid(String.format("bad magic1 %08x", b.getInt(0)));
        }
        if (b.getInt(LENGTH - 4) != MAGIC2) {
            return new Decoded.Invalid(String.format("bad magic2 %08x", b.getInt(LENGTH - 4)));
        }
        byte[] copy = block.clone();
        byte[] stored = Arrays.copyOfRange(copy, CHECKSUM_OFFSET, CHECKSUM_OFFSET + 32);
        Arrays.fill(copy, CHECKSUM_OFFSET, CHECKSUM_OFFSET + 32, (byte) 0);
        if (!MessageDigest.isEqual(stored, sha256(copy))) {
            return new Decoded.Invalid("checksum mismatch");
        }
        SortedMap<Integer, byte[]> tags = new TreeMap<>();
        int pos = 4;
        int end = CHECKSUM_OFFSET;
        while (end - pos >= 8) {
            long tag = Integer.toUnsignedLong(b.getInt(pos));
            if (tag == 0) {
                break;
            }
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            if (size > end - pos - 8) {
                return new Decoded.Invalid("value of tag " + tag + " (" + size + " bytes) runs past the data area");
            }
            if (tag > 0xff) {
                return new Decoded.Invalid("tag " + tag + " does not fit in a byte");
            }
            tags.put((int) tag, Arrays.copyOfRange(block, pos + 8, pos + 8 + (int) size));
            pos += 8 + (int) size;
        }
        return new Decoded.Valid(tags);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Lists the problems of a decode for messages. */
    static List<String> problems(Decoded... ds) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ds.length; i++) {
            if (ds[i] instanceof Decoded.Invalid inv) {
                out.add("copy " + (i + 1) + ": " + inv.reason());
            }
        }
        return out;
    }
}
