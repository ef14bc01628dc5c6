package dev.bronze.bootloader.secureboot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** EFI GUIDs as they sit in memory: the first three fields little-endian, the last eight bytes as they are. */
final class EfiGuid {

    static final String CERT_X509 = "a5c059a1-94e4-4aa7-87b5-ab155c2bf072";
    static final String CERT_SHA256 = "c1c41626-504c-4092-aca9-41f936934328";
    static final String CERT_X509_SHA256 = "3bd2a492-96c0-4079-b420-fcf98ef103ed";
    /** WIN_CERTIFICATE_UEFI_GUID's CertType for a PKCS#7 SignedData (UEFI 2.x §32.2.4). */
    static final String CERT_TYPE_PKCS7 = "4aafd29d-68df-49ee-8aa9-347d375665a7";

    private EfiGuid() {
    }

    /** Reads 16 bytes at {@code offset} as the canonical lower-case text form. */
    static String read(byte[] b, int offset) {
        ByteBuffer le = ByteBuffer.wrap(b, offset, 8).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder s = new StringBuilder(36);
        s.append(String.format("%08x-%04x-%04x-", le.getInt() & 0xffffffffL, le.getShort() & 0xffff, le.getShort() & 0xffff));
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                s.append('-');
            }
            s.append(String.format("%02x", b[offset + i] & 0xff));
        }
        return s.toString();
    }
}
