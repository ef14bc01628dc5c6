package dev.bronze.hardware.disk.mbr;

import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes DOS partition tables: the four primary records in LBA 0 and, when one of them
 * is extended, the chain of EBRs of its logical partitions (bounded, loop-safe).
 */
public final class MbrDisk {

    static final int PARTITION_TABLE_OFFSET = 446;
    static final int DISK_SIGNATURE_OFFSET = 440;
    static final int BOOT_SIGNATURE_OFFSET = 510;
    /** More logical partitions than Linux will ever show (it stops at 256 minors anyway). */
    static final int MAX_LOGICAL = 128;

    private MbrDisk() {
    }

    /** Parses LBA 0 (at least 512 bytes); empty when it carries no 0x55AA signature. */
    public static Optional<Mbr> parse(byte[] lba0, long totalLbas) {
        if (lba0.length < 512 || (lba0[BOOT_SIGNATURE_OFFSET] & 0xff) != 0x55
                || (lba0[BOOT_SIGNATURE_OFFSET + 1] & 0xff) != 0xaa) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(lba0).order(ByteOrder.LITTLE_ENDIAN);
        List<MbrPartition> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int r = PARTITION_TABLE_OFFSET + 16 * i;
            int flag = lba0[r] & 0xff;
            int type = lba0[r + 4] & 0xff;
            long start = b.getInt(r + 8) & 0xffffffffL;
            long count = b.getInt(r + 12) & 0xffffffffL;
            if (type == 0 && start == 0 && count == 0) {
                continue;
            }
            if (flag != 0x00 && flag != 0x80) {
                throw new MbrException(String.format("record %d has boot flag 0x%02x (only 0x00 and 0x80 are valid):"
                        + " this is not a partition table", i + 1, flag));
            }
            if (type == 0) {
                continue;
            }
            if (start == 0 || count == 0) {
                throw new MbrException(String.format("record %d (type 0x%02x) starts at LBA %d with %d sectors",
                        i + 1, type, start, count));
            }
            parts.add(new MbrPartition(i + 1, flag == 0x80, type, start, count));
        }
        Mbr mbr = new Mbr(b.getInt(DISK_SIGNATURE_OFFSET) & 0xffffffffL, parts);
        if (!mbr.isProtective()) {
            // A GPT's protective record may legitimately claim more than the disk (an image that shrank).
            mbr.problem(totalLbas).ifPresent(p -> {
                throw new MbrException(p);
            });
        }
        return Optional.of(mbr);
    }

    /** Reads the table of {@code dev}, following an extended partition's EBR chain. */
    public static Optional<Mbr> read(BlockDevice dev) throws IOException {
        int ss = dev.logicalSectorSize();
        long totalLbas = dev.size() / ss;
        if (dev.size() < 512) {
            return Optional.empty();
        }
        Optional<Mbr> primary = parse(dev.read(0, 512), totalLbas);
        if (primary.isEmpty()) {
            return primary;
        }
        Mbr mbr = primary.get();
        Optional<MbrPartition> ext = mbr.partitions().stream().filter(MbrPartition::isExtended).findFirst();
        if (ext.isEmpty()) {
            return primary;
        }
        List<MbrPartition> all = new ArrayList<>(mbr.partitions());
        all.addAll(logicals(dev, ext.get(), totalLbas));
        return Optional.of(new Mbr(mbr.diskSignature(), all));
    }

    private static List<MbrPartition> logicals(BlockDevice dev, MbrPartition ext, long totalLbas) throws IOException {
        int ss = dev.logicalSectorSize();
        List<MbrPartition> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long ebr = ext.firstLba();
        int number = 5;
        while (ebr != 0) {
            if (!seen.add(ebr) || out.size() >= MAX_LOGICAL) {
                throw new MbrException("the chain of extended boot records loops or is longer than " + MAX_LOGICAL);
            }
            if (ebr < ext.firstLba() || ebr > ext.lastLba() || ebr >= totalLbas) {
                throw new MbrException("extended boot record at LBA " + ebr + " lies outside its extended partition");
            }
            byte[] s = dev.read(ebr * ss, 512);
            if ((s[BOOT_SIGNATURE_OFFSET] & 0xff) != 0x55 || (s[BOOT_SIGNATURE_OFFSET + 1] & 0xff) != 0xaa) {
                throw new MbrException("extended boot record at LBA " + ebr + " has no 0x55AA signature");
            }
            ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
            int type = s[PARTITION_TABLE_OFFSET + 4] & 0xff;
            long rel = b.getInt(PARTITION_TABLE_OFFSET + 8) & 0xffffffffL;
            long count = b.getInt(PARTITION_TABLE_OFFSET + 12) & 0xffffffffL;
            if (type != 0 && count != 0) {
                long first = ebr + rel;
                if (first + count - 1 > ext.lastLba()) {
                    throw new MbrException("logical partition " + number + " runs past its extended partition");
                }
                out.add(new MbrPartition(number++, (s[PARTITION_TABLE_OFFSET] & 0xff) == 0x80, type, first, count));
            }
            int next = PARTITION_TABLE_OFFSET + 16;
            long nextRel = b.getInt(next + 8) & 0xffffffffL;
            ebr = (s[next + 4] & 0xff) == 0 || nextRel == 0 ? 0 : ext.firstLba() + nextRel;
        }
        return out;
    }

    /**
     * Writes {@code mbr} (primary records only) into LBA 0 and flushes. Bytes 0..439 (boot code)
     * are kept as they are on the device; the rest of a 4 KiB block is zeroed.
     */
    public static void write(BlockDevice dev, Mbr mbr) throws IOException {
        int ss = dev.logicalSectorSize();
        long totalLbas = dev.size() / ss;
        if (mbr.partitions().stream().anyMatch(p -> p.number() > 4 || p.isExtended())) {
            throw new MbrException("writing extended or logical partitions is not supported");
        }
        mbr.problem(totalLbas).ifPresent(p -> {
            throw new MbrException("refusing to write an invalid MBR to " + dev.name() + ": " + p);
        });
        byte[] s = new byte[ss];
        System.arraycopy(dev.read(0, 440), 0, s, 0, 440);
        ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(DISK_SIGNATURE_OFFSET, (int) mbr.diskSignature());
        for (MbrPartition p : mbr.partitions()) {
            int r = PARTITION_TABLE_OFFSET + 16 * (p.number() - 1);
            s[r] = (byte) (p.bootable() ? 0x80 : 0);
            chs(p.firstLba(), s, r + 1);
            s[r + 4] = (byte) p.type();
            chs(p.lastLba(), s, r + 5);
            b.putInt(r + 8, (int) p.firstLba());
            b.putInt(r + 12, (int) p.sectors());
        }
        s[BOOT_SIGNATURE_OFFSET] = 0x55;
        s[BOOT_SIGNATURE_OFFSET + 1] = (byte) 0xaa;
        dev.write(0, s);
        dev.flush();
    }

    /**
     * CHS with the 255-head, 63-sector geometry every tool assumes; addresses past CHS reach become
     * 1023/254/63 as sfdisk writes them. Nothing modern reads these, but old BIOSes check them.
     */
    static void chs(long lba, byte[] dst, int off) {
        long c = lba / (255 * 63);
        int h = (int) ((lba / 63) % 255);
        int sct = (int) (lba % 63) + 1;
        if (c > 1023) {
            c = 1023;
            h = 254;
            sct = 63;
        }
        dst[off] = (byte) h;
        dst[off + 1] = (byte) ((sct & 0x3f) | ((c >> 2) & 0xc0));
        dst[off + 2] = (byte) (c & 0xff);
    }
}
