package dev.bronze.hardware.smbios;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One structure of the table as found: header, formatted area ({@code data}, header included, so
 * offsets match the specification's tables) and the string set. Every accessor is bounds-checked
 * against the formatted length, because firmware lies about lengths.
 */
public record SmbiosStructure(int type, int handle, int offset, byte[] data, List<String> strings) {

    /** Type 126: a structure the firmware marked inactive. */
    public static final int TYPE_INACTIVE = 126;
    /** Type 127: end of table. */
    public static final int TYPE_END_OF_TABLE = 127;

    public int length() {
        return data.length;
    }

    public boolean has(int off, int size) {
        return off >= 0 && off + size <= data.length;
    }

    public int u8(int off) {
        return data[off] & 0xff;
    }

    public int u16(int off) {
        return (data[off] & 0xff) | (data[off + 1] & 0xff) << 8;
    }

    public long u32(int off) {
        return (u16(off) | (long) u16(off + 2) << 16) & 0xFFFFFFFFL;
    }

    public long u64(int off) {
        return u32(off) | u32(off + 4) << 32;
    }

    /**
     * String number {@code index} (1-based) of the string set; {@code null} for 0 (none); empty
     * Optional-like {@link #BAD_INDEX} when it points past the set.
     */
    public String string(int index) {
        if (index == 0) {
            return null;
        }
        if (index > strings.size()) {
            return BAD_INDEX;
        }
        return strings.get(index - 1);
    }

    /** What a string reference past the end of the string set yields (dmidecode's wording). */
    public static final String BAD_INDEX = "<BAD INDEX>";

    /**
     * Text of one string-set entry. SMBIOS says ASCII; firmware writes UTF-8 or Latin-1 at times.
     * Control characters become '.', as dmidecode prints them, so a table cannot inject escapes.
     */
    static String text(byte[] b, int from, int to) {
        byte[] s = new byte[to - from];
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            s[i - from] = (c < 32 || c == 127) ? (byte) '.' : b[i];
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(s)).toString();
        } catch (CharacterCodingException e) {
            return new String(s, StandardCharsets.ISO_8859_1);
        }
    }
}
