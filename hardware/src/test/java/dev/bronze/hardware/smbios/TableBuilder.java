package dev.bronze.hardware.smbios;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes structures and {@code dmidecode --dump-bin} images for tests (valid and deliberately broken). */
final class TableBuilder {

    private final ByteArrayOutputStream table = new ByteArrayOutputStream();
    private int count;

    /** Appends one structure: formatted area (header included, length byte patched) and strings. */
    TableBuilder add(byte[] formatted, List<String> strings) {
        formatted[1] = (byte) formatted.length;
        table.writeBytes(formatted);
        if (strings.isEmpty()) {
            table.write(0);
        } else {
            for (String s : strings) {
                table.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
                table.write(0);
            }
        }
        table.write(0);
        count++;
        return this;
    }

    /** Appends raw bytes (a broken header, junk). */
    TableBuilder raw(byte[] bytes) {
        table.writeBytes(bytes);
        return this;
    }

    TableBuilder end(int handle) {
        return add(header(127, 4, handle), List.of());
    }

    int count() {
        return count;
    }

    byte[] table() {
        return table.toByteArray();
    }

    static byte[] header(int type, int length, int handle) {
        byte[] b = new byte[length];
        b[0] = (byte) type;
        b[1] = (byte) length;
        b[2] = (byte) handle;
        b[3] = (byte) (handle >> 8);
        return b;
    }

    /** The dump-bin layout: a 32-byte area with the entry point (table address 0x20), then the table. */
    static byte[] dump(byte[] table, int major, int minor, int structureCount) {
        ByteBuffer ep = ByteBuffer.allocate(0x20).order(ByteOrder.LITTLE_ENDIAN);
        if (major >= 3) {
            ep.put("_SM3_".getBytes(StandardCharsets.US_ASCII));
            ep.put(5, (byte) 0);
            ep.put(6, (byte) 0x18);
            ep.put(7, (byte) major);
            ep.put(8, (byte) minor);
            ep.put(9, (byte) 0);
            ep.put(10, (byte) 1);
            ep.putInt(0x0C, table.length);
            ep.putLong(0x10, 0x20);
            ep.put(5, (byte) -sum(ep.array(), 0, 0x18));
        } else {
            ep.put("_SM_".getBytes(StandardCharsets.US_ASCII));
            ep.put(5, (byte) 0x1F);
            ep.put(6, (byte) major);
            ep.put(7, (byte) minor);
            ep.putShort(8, (short) 0x100);
            ep.position(0x10);
            ep.put("_DMI_".getBytes(StandardCharsets.US_ASCII));
            ep.putShort(0x16, (short) table.length);
            ep.putInt(0x18, 0x20);
            ep.putShort(0x1C, (short) structureCount);
            ep.put(0x1E, (byte) (major << 4 | minor));
            ep.put(0x15, (byte) -sum(ep.array(), 0x10, 0x0F));
            ep.put(4, (byte) -sum(ep.array(), 0, 0x1F));
        }
        byte[] out = new byte[0x20 + table.length];
        System.arraycopy(ep.array(), 0, out, 0, 0x20);
        System.arraycopy(table, 0, out, 0x20, table.length);
        return out;
    }

    private static int sum(byte[] b, int off, int len) {
        int s = 0;
        for (int i = off; i < off + len; i++) {
            s += b[i] & 0xff;
        }
        return s;
    }
}
