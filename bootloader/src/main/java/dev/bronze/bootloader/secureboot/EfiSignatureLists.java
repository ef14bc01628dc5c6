package dev.bronze.bootloader.secureboot;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads db/dbx contents: concatenated EFI_SIGNATURE_LIST structures (UEFI 2.x §32.4.1). */
public final class EfiSignatureLists {

    /** A variable's data is limited by the firmware's variable store (OVMF: 256 KiB in the 4M build); 1 MiB is ample. */
    static final int MAX_INPUT = 1 << 20;
    /** SignatureType (16) + SignatureListSize, SignatureHeaderSize, SignatureSize (4 each). */
    static final int LIST_HEADER_SIZE = 28;
    static final int OWNER_SIZE = 16;
    static final int SHA256_SIZE = 32;
    /** EFI_CERT_X509_SHA256: the hash, then an EFI_TIME of revocation (16 bytes) that EDK2 weighs against timestamps. */
    static final int X509_SHA256_SIZE = 32 + 16;

    private EfiSignatureLists() {
    }

    /** Parses concatenated EFI_SIGNATURE_LIST structures as {@code efi-readvar -o} or {@code cert-to-efi-sig-list} write them. */
    public static SignatureDb parse(byte[] esl) throws SecureBootException {
        if (esl.length > MAX_INPUT) {
            throw new SecureBootException("signature list of " + esl.length + " bytes is larger than the " + MAX_INPUT + " bytes a firmware variable can hold");
        }
        List<X509Certificate> certs = new ArrayList<>();
        Set<String> sha256 = new LinkedHashSet<>();
        Set<String> tbs = new LinkedHashSet<>();
        int other = 0;
        ByteBuffer b = ByteBuffer.wrap(esl).order(ByteOrder.LITTLE_ENDIAN);
        int offset = 0;
        int index = 0;
        while (offset < esl.length) {
            String where = "signature list " + index + " at offset " + offset;
            if (esl.length - offset < LIST_HEADER_SIZE) {
                throw new SecureBootException(where + ": " + (esl.length - offset) + " bytes left, fewer than the " + LIST_HEADER_SIZE + "-byte header");
            }
            String type = EfiGuid.read(esl, offset);
            long listSize = b.getInt(offset + 16) & 0xffffffffL;
            long headerSize = b.getInt(offset + 20) & 0xffffffffL;
            long sigSize = b.getInt(offset + 24) & 0xffffffffL;
            if (listSize < LIST_HEADER_SIZE + headerSize) {
                throw new SecureBootException(where + ": SignatureListSize " + listSize + " is smaller than its header (" + LIST_HEADER_SIZE + " + SignatureHeaderSize " + headerSize + ")");
            }
            if (listSize > esl.length - offset) {
                throw new SecureBootException(where + ": SignatureListSize " + listSize + " runs past the end of the data (" + (esl.length - offset) + " bytes left)");
            }
            long body = listSize - LIST_HEADER_SIZE - headerSize;
            if (sigSize <= OWNER_SIZE) {
                throw new SecureBootException(where + ": SignatureSize " + sigSize + " leaves no room for data after the 16-byte owner GUID");
            }
            if (body % sigSize != 0) {
                throw new SecureBootException(where + ": " + body + " bytes of signatures are not a whole number of SignatureSize " + sigSize);
            }
            int entry = (int) (offset + LIST_HEADER_SIZE + headerSize);
            int end = (int) (offset + listSize);
            int dataSize = (int) (sigSize - OWNER_SIZE);
            for (; entry < end; entry += (int) sigSize) {
                int data = entry + OWNER_SIZE;
                switch (type) {
                    case EfiGuid.CERT_X509 -> certs.add(certificate(esl, data, dataSize, where));
                    case EfiGuid.CERT_SHA256 -> {
                        expectSize(dataSize, SHA256_SIZE, "EFI_CERT_SHA256", where);
                        sha256.add(HexFormat.of().formatHex(esl, data, data + SHA256_SIZE));
                    }
                    case EfiGuid.CERT_X509_SHA256 -> {
                        expectSize(dataSize, X509_SHA256_SIZE, "EFI_CERT_X509_SHA256", where);
                        tbs.add(HexFormat.of().formatHex(esl, data, data + SHA256_SIZE));
                    }
                    default -> other++;
                }
            }
            offset = end;
            index++;
        }
        return new SignatureDb(certs, sha256, tbs, other);
    }

    /** The same from an efivarfs file's bytes: a 4-byte attribute word, then the lists. */
    public static SignatureDb parseEfivar(byte[] efivar) throws SecureBootException {
        if (efivar.length < 4) {
            throw new SecureBootException("efivarfs data of " + efivar.length + " bytes lacks the 4-byte attribute word");
        }
        if (efivar.length - 4 > MAX_INPUT) {
            throw new SecureBootException("efivarfs data of " + efivar.length + " bytes is larger than the " + MAX_INPUT + " bytes a firmware variable can hold");
        }
        byte[] lists = new byte[efivar.length - 4];
        System.arraycopy(efivar, 4, lists, 0, lists.length);
        return parse(lists);
    }

    private static void expectSize(int actual, int expected, String type, String where) throws SecureBootException {
        if (actual != expected) {
            throw new SecureBootException(where + ": " + type + " entries hold " + expected + " bytes after the owner GUID, this list says " + actual);
        }
    }

    private static X509Certificate certificate(byte[] esl, int offset, int length, String where) throws SecureBootException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(esl, offset, length));
        } catch (CertificateException | RuntimeException e) {
            throw new SecureBootException(where + ": EFI_CERT_X509 entry is not a DER certificate (" + e.getMessage() + ")", e);
        }
    }
}
