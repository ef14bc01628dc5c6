package dev.bronze.bootloader.secureboot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/** Hand-laid EFI_SIGNATURE_LISTs for the cases no tool writes (hostile sizes, EFI_CERT_X509_SHA256). */
final class EslBytes {

    private EslBytes() {
    }

    /** One list of {@code type} with an empty owner GUID per entry; {@code entries} is the data of all entries back to back. */
    static byte[] list(String type, int headerSize, int signatureSize, byte[] entries) {
        int count = entries.length / (signatureSize - 16);
        int listSize = 28 + headerSize + count * signatureSize;
        ByteBuffer b = ByteBuffer.allocate(listSize).order(ByteOrder.LITTLE_ENDIAN);
        guid(b, type);
        b.putInt(listSize).putInt(headerSize).putInt(signatureSize);
        b.position(28 + headerSize);
        for (int i = 0; i < count; i++) {
            b.put(new byte[16]);
            b.put(entries, i * (signatureSize - 16), signatureSize - 16);
        }
        return b.array();
    }

    static byte[] header(String type, long listSize, long headerSize, long signatureSize) {
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        guid(b, type);
        b.putInt((int) listSize).putInt((int) headerSize).putInt((int) signatureSize);
        return b.array();
    }

    private static void guid(ByteBuffer b, String text) {
        UUID u = UUID.fromString(text);
        long msb = u.getMostSignificantBits();
        b.putInt((int) (msb >>> 32)).putShort((short) (msb >>> 16)).putShort((short) msb);
        b.order(ByteOrder.BIG_ENDIAN).putLong(u.getLeastSignificantBits()).order(ByteOrder.LITTLE_ENDIAN);
    }
}
