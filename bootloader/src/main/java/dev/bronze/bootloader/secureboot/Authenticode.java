package dev.bronze.bootloader.secureboot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Authenticode digest of a PE/COFF image as EDK2's DxeImageVerificationLib (HashPeImage) computes it, and
 * its embedded signatures.
 */
public final class Authenticode {

    static final int WIN_CERT_REVISION_2_0 = 0x0200;
    static final int WIN_CERT_TYPE_PKCS_SIGNED_DATA = 0x0002;
    static final int WIN_CERT_TYPE_EFI_GUID = 0x0EF1;
    static final int WIN_CERTIFICATE_HEADER = 8;
    /** Real signature tables are a few KiB (a Microsoft UEFI CA signature with its chain is ~10 KiB). */
    static final long MAX_CERT_TABLE = 1 << 20;
    private static final int BUFFER = 64 * 1024;

    private Authenticode() {
    }

    /** The image's Authenticode digest with a JCA algorithm ("SHA-256"); streams the file through a fixed buffer. */
    public static byte[] digest(Path pe, String jcaDigestAlgorithm) throws IOException {
        MessageDigest md = messageDigest(jcaDigestAlgorithm);
        try (FileChannel ch = FileChannel.open(pe, StandardOpenOption.READ)) {
            return digest(ch, PeImage.read(ch), md);
        }
    }

    /**
     * The PKCS#7 SignedData blobs of the image's certificate table, in table order (empty when unsigned).
     * Entries of other WIN_CERTIFICATE types are left out, as EDK2 skips them.
     */
    public static List<byte[]> signatures(Path pe) throws IOException {
        try (FileChannel ch = FileChannel.open(pe, StandardOpenOption.READ)) {
            List<byte[]> out = new ArrayList<>();
            for (Entry e : entries(ch, PeImage.read(ch)).entries()) {
                if (e.pkcs7() != null) {
                    out.add(e.pkcs7());
                }
            }
            return out;
        }
    }

    static MessageDigest messageDigest(String algorithm) throws SecureBootException {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new SecureBootException("unknown digest algorithm " + algorithm, e);
        }
    }

    static byte[] digest(FileChannel ch, PeImage img, MessageDigest md) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        // The CheckSum field and the certificate table's directory entry change when the image is signed.
        hash(ch, md, buf, 0, img.checksumOffset());
        if (img.certDirEntry() < 0) {
            hash(ch, md, buf, img.checksumOffset() + 4, img.sizeOfHeaders());
        } else {
            hash(ch, md, buf, img.checksumOffset() + 4, img.certDirEntry());
            hash(ch, md, buf, img.certDirEntry() + 8, img.sizeOfHeaders());
        }
        long hashed = img.sizeOfHeaders();
        for (PeImage.Section s : img.sections()) {
            hash(ch, md, buf, s.pointerToRawData(), s.pointerToRawData() + s.sizeOfRawData());
            hashed += s.sizeOfRawData();
        }
        // EDK2 takes the trailing data to start at SizeOfHeaders + the sum of raw sizes, not at the end of
        // the last section: a gap or overlap between sections shifts it. Follow it, since it decides.
        if (img.fileSize() > hashed) {
            long certSize = img.certDirEntry() < 0 ? 0 : img.certTableSize();
            if (img.fileSize() > hashed + certSize) {
                hash(ch, md, buf, hashed, img.fileSize() - certSize);
            } else if (img.fileSize() < hashed + certSize) {
                throw new SecureBootException("malformed PE image: headers, sections (" + hashed + " bytes) and certificate table ("
                        + certSize + ") add up to more than the " + img.fileSize() + "-byte file");
            }
        }
        return md.digest();
    }

    private static void hash(FileChannel ch, MessageDigest md, ByteBuffer buf, long from, long to) throws IOException {
        long pos = from;
        while (pos < to) {
            buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new SecureBootException("file ended at " + pos + " while hashing up to " + to);
            }
            buf.flip();
            md.update(buf);
            pos += n;
        }
    }

    /** One WIN_CERTIFICATE: its PKCS#7 bytes, or null with what it was instead. */
    record Entry(int index, byte[] pkcs7, String skipped) {
    }

    /** @param corrupt why the entries do not tile the table exactly (EDK2 then refuses the image), or null */
    record Entries(List<Entry> entries, String corrupt) {
    }

    /** Walks the certificate table as EDK2's DxeImageVerificationHandler does: 8-byte aligned entries up to the end. */
    static Entries entries(FileChannel ch, PeImage img) throws IOException {
        if (!img.signed()) {
            return new Entries(List.of(), null);
        }
        if (img.certTableSize() > MAX_CERT_TABLE) {
            throw new SecureBootException("certificate table of " + img.certTableSize() + " bytes is larger than the " + MAX_CERT_TABLE + " bytes accepted");
        }
        ByteBuffer table = PeImage.at(ch, img.certTable(), (int) img.certTableSize()).order(ByteOrder.LITTLE_ENDIAN);
        int end = table.limit();
        List<Entry> out = new ArrayList<>();
        int offset = 0;
        int index = 0;
        String corrupt = null;
        while (offset < end) {
            int left = end - offset;
            if (left <= WIN_CERTIFICATE_HEADER) {
                corrupt = "certificate table is corrupt: " + left + " bytes left at " + offset + ", too few for a WIN_CERTIFICATE";
                break;
            }
            long length = table.getInt(offset) & 0xffffffffL;
            if (length > left || length < WIN_CERTIFICATE_HEADER) {
                corrupt = "certificate table is corrupt: entry " + index + " at " + offset + " claims " + length + " bytes, " + left + " left";
                break;
            }
            int revision = table.getShort(offset + 4) & 0xffff;
            int type = table.getShort(offset + 6) & 0xffff;
            int data = offset + WIN_CERTIFICATE_HEADER;
            int dataLength = (int) length - WIN_CERTIFICATE_HEADER;
            if (revision != WIN_CERT_REVISION_2_0) {
                out.add(new Entry(index, null, String.format("entry %d has WIN_CERTIFICATE revision 0x%04x, not 0x0200", index, revision)));
            } else if (type == WIN_CERT_TYPE_PKCS_SIGNED_DATA) {
                out.add(new Entry(index, slice(table, data, dataLength), null));
            } else if (type == WIN_CERT_TYPE_EFI_GUID && dataLength > 16) {
                byte[] guid = slice(table, data, 16);
                if (EfiGuid.read(guid, 0).equals(EfiGuid.CERT_TYPE_PKCS7)) {
                    out.add(new Entry(index, slice(table, data + 16, dataLength - 16), null));
                } else {
                    out.add(new Entry(index, null, "entry " + index + " is a WIN_CERTIFICATE_UEFI_GUID of type " + EfiGuid.read(guid, 0) + ", not PKCS#7"));
                }
            } else {
                out.add(new Entry(index, null, String.format("entry %d has WIN_CERTIFICATE type 0x%04x, not PKCS_SIGNED_DATA", index, type)));
            }
            // Entries are 8-byte aligned (PE format, "The Attribute Certificate Table").
            long next = offset + length + ((8 - (length & 7)) & 7);
            offset = (int) Math.min(next, (long) end + 1);
            index++;
        }
        if (corrupt == null && offset != end) {
            corrupt = "certificate table is corrupt: its last entry's padding runs past its end";
        }
        return new Entries(List.copyOf(out), corrupt);
    }

    private static byte[] slice(ByteBuffer b, int offset, int length) {
        byte[] out = new byte[length];
        b.get(offset, out);
        return out;
    }
}
