package dev.bronze.bootloader.secureboot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The layout of a PE/COFF image that the Authenticode digest needs (PE format, "Optional Header Data
 * Directories" and "The Attribute Certificate Table"). Every offset is checked against the file size:
 * the image is outside input.
 *
 * @param certDirEntry file offset of data directory entry 4, or -1 when NumberOfRvaAndSizes stops short of it
 * @param sections     sections with raw data, sorted by PointerToRawData as EDK2 sorts them
 * @param certTable    file offset of the attribute certificate table (0 with size 0 when unsigned)
 */
record PeImage(long fileSize, long checksumOffset, long certDirEntry, long sizeOfHeaders, List<Section> sections,
               long certTable, long certTableSize) {

    static final int DOS_MAGIC = 0x5a4d;          // "MZ"
    static final int PE_SIGNATURE = 0x00004550;   // "PE\0\0"
    static final int PE32_MAGIC = 0x10b;
    static final int PE32_PLUS_MAGIC = 0x20b;
    static final int COFF_HEADER_SIZE = 20;
    static final int SECTION_HEADER_SIZE = 40;
    static final int IMAGE_DIRECTORY_ENTRY_SECURITY = 4;

    record Section(long pointerToRawData, long sizeOfRawData) {
    }

    boolean signed() {
        return certDirEntry >= 0 && certTableSize > 0;
    }

    static PeImage read(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 64) {
            throw new SecureBootException("not a PE image: " + size + " bytes, smaller than a DOS header");
        }
        ByteBuffer dos = at(ch, 0, 64);
        if ((dos.getShort(0) & 0xffff) != DOS_MAGIC) {
            throw new SecureBootException("not a PE image: no MZ signature");
        }
        long peOffset = dos.getInt(0x3c) & 0xffffffffL;
        if (peOffset > size - 4 - COFF_HEADER_SIZE - 2) {
            throw new SecureBootException("not a PE image: e_lfanew " + peOffset + " points past the end of the " + size + "-byte file");
        }
        ByteBuffer coff = at(ch, peOffset, 4 + COFF_HEADER_SIZE + 2);
        if (coff.getInt(0) != PE_SIGNATURE) {
            throw new SecureBootException("not a PE image: no PE signature at e_lfanew " + peOffset);
        }
        int numberOfSections = coff.getShort(4 + 2) & 0xffff;
        int sizeOfOptionalHeader = coff.getShort(4 + 16) & 0xffff;
        long opt = peOffset + 4 + COFF_HEADER_SIZE;
        int magic = coff.getShort(4 + COFF_HEADER_SIZE) & 0xffff;
        // Fields after CheckSum sit 16 bytes further on in PE32+ (ImageBase and the stack/heap sizes are 64-bit).
        int numberOfRvaAndSizesAt;
        int dataDirectoryAt;
        if (magic == PE32_MAGIC) {
            numberOfRvaAndSizesAt = 92;
            dataDirectoryAt = 96;
        } else if (magic == PE32_PLUS_MAGIC) {
            numberOfRvaAndSizesAt = 108;
            dataDirectoryAt = 112;
        } else {
            throw new SecureBootException(String.format("not a PE image: optional header magic 0x%x is neither PE32 (0x10b) nor PE32+ (0x20b)", magic));
        }
        if (sizeOfOptionalHeader < numberOfRvaAndSizesAt + 4) {
            throw new SecureBootException("malformed PE image: SizeOfOptionalHeader " + sizeOfOptionalHeader + " is too small for its fixed fields");
        }
        if (opt + sizeOfOptionalHeader > size) {
            throw new SecureBootException("malformed PE image: optional header runs past the end of the " + size + "-byte file");
        }
        ByteBuffer o = at(ch, opt, sizeOfOptionalHeader);
        long sizeOfHeaders = o.getInt(60) & 0xffffffffL;
        long numberOfRvaAndSizes = o.getInt(numberOfRvaAndSizesAt) & 0xffffffffL;
        long checksumOffset = opt + 64;
        long certDirEntry = -1;
        long certTable = 0;
        long certTableSize = 0;
        if (numberOfRvaAndSizes > IMAGE_DIRECTORY_ENTRY_SECURITY) {
            int entry = dataDirectoryAt + 8 * IMAGE_DIRECTORY_ENTRY_SECURITY;
            if (entry + 8 > sizeOfOptionalHeader) {
                throw new SecureBootException("malformed PE image: NumberOfRvaAndSizes " + numberOfRvaAndSizes + " does not fit SizeOfOptionalHeader " + sizeOfOptionalHeader);
            }
            certDirEntry = opt + entry;
            // Unlike the other directories, this one holds a file offset, not an RVA.
            certTable = o.getInt(entry) & 0xffffffffL;
            certTableSize = o.getInt(entry + 4) & 0xffffffffL;
        }
        long headersHashedTo = certDirEntry >= 0 ? certDirEntry + 8 : checksumOffset + 4;
        if (sizeOfHeaders < headersHashedTo || sizeOfHeaders > size) {
            throw new SecureBootException("malformed PE image: SizeOfHeaders " + sizeOfHeaders + " is outside the headers (" + headersHashedTo + ") and the file (" + size + " bytes)");
        }
        if (certTableSize > 0 && (certTable > size || certTableSize > size - certTable)) {
            throw new SecureBootException("malformed PE image: certificate table at " + certTable + " (" + certTableSize + " bytes) runs past the end of the " + size + "-byte file");
        }
        long sectionTable = opt + sizeOfOptionalHeader;
        long tableSize = (long) numberOfSections * SECTION_HEADER_SIZE;
        if (sectionTable + tableSize > size) {
            throw new SecureBootException("malformed PE image: " + numberOfSections + " section headers run past the end of the " + size + "-byte file");
        }
        ByteBuffer table = at(ch, sectionTable, (int) tableSize);
        List<Section> sections = new ArrayList<>(numberOfSections);
        for (int i = 0; i < numberOfSections; i++) {
            int h = i * SECTION_HEADER_SIZE;
            long raw = table.getInt(h + 16) & 0xffffffffL;
            long pointer = table.getInt(h + 20) & 0xffffffffL;
            if (raw == 0) {
                continue;
            }
            if (pointer > size || raw > size - pointer) {
                throw new SecureBootException("malformed PE image: section " + i + " raw data at " + pointer + " (" + raw + " bytes) runs past the end of the " + size + "-byte file");
            }
            sections.add(new Section(pointer, raw));
        }
        sections.sort(Comparator.comparingLong(Section::pointerToRawData));
        return new PeImage(size, checksumOffset, certDirEntry, sizeOfHeaders, List.copyOf(sections), certTable, certTableSize);
    }

    /** Reads exactly {@code length} bytes at {@code offset} (the caller has checked they are in the file). */
    static ByteBuffer at(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new SecureBootException("file ended while reading " + length + " bytes at offset " + offset);
            }
        }
        return b.flip();
    }
}
