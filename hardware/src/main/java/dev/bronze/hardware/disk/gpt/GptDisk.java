package dev.bronze.hardware.disk.gpt;

import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads, checks, writes and repairs the GPT of a {@link BlockDevice}.
 *
 * <p>Unlike Linux, which ignores the backup when the primary is corrupt (boot-ab.md §1.3), reading
 * falls back to the backup, and {@link #repair} rewrites whichever copy is broken from the good one.
 */
public final class GptDisk {

    private GptDisk() {
    }

    /**
     * Looks for "EFI PART" at byte 512 and at byte 4096: the sector size an image was written with.
     * Empty when neither holds a header (then the caller's choice or the device's size applies).
     */
    public static OptionalInt detectSectorSize(BlockDevice dev) throws IOException {
        long size = dev.size();
        for (int ss : new int[] {512, 4096}) {
            if (size >= 2L * ss + 8) {
                byte[] sig = dev.read(ss, 8);
                if (ByteBuffer.wrap(sig).order(ByteOrder.LITTLE_ENDIAN).getLong() == GptCodec.GPT_HEADER_SIGNATURE) {
                    return OptionalInt.of(ss);
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Reads and checks both copies; never throws for bad content, only for failed I/O. */
    public static GptInspection inspect(BlockDevice dev) throws IOException {
        int ss = dev.logicalSectorSize();
        long totalLbas = dev.size() / ss;
        List<String> problems = new ArrayList<>();
        if (totalLbas < 3) {
            return new GptInspection(new GptCopy.Missing(1), new GptCopy.Missing(Math.max(totalLbas - 1, 0)), false,
                    false, List.of("device of " + dev.size() + " bytes is too small for a GPT"));
        }
        boolean pmbr = hasProtectiveMbr(dev.read(0, ss));
        GptCopy primary = readCopy(dev, 1, totalLbas);
        long backupLba = totalLbas - 1;
        if (primary instanceof GptCopy.Valid v) {
            backupLba = v.header().alternateLba();
        }
        GptCopy backup = readCopy(dev, backupLba, totalLbas);
        if (!(backup instanceof GptCopy.Valid) && backupLba != totalLbas - 1) {
            // The primary may point at a stale backup while the real one sits at the end.
            GptCopy atEnd = readCopy(dev, totalLbas - 1, totalLbas);
            if (atEnd.isValid()) {
                backup = atEnd;
                problems.add("primary header points at LBA " + backupLba + " but the backup is at the last LBA");
            }
        }
        if (!backup.isValid() && !primary.isValid()) {
            // A damaged primary on a disk that also grew: the backup is where the old end was. Its
            // position is only a hint (the damaged primary's AlternateLBA, the protective MBR's size);
            // the copy found there is still checked in full.
            for (long hint : backupHints(dev, totalLbas)) {
                GptCopy found = readCopy(dev, hint, totalLbas);
                if (found.isValid()) {
                    backup = found;
                    break;
                }
            }
        }
        boolean atEnd = backup instanceof GptCopy.Valid b && b.header().myLba() == totalLbas - 1;
        if (primary instanceof GptCopy.Valid p && backup instanceof GptCopy.Valid b) {
            compare(p, b, problems);
        }
        Optional<Gpt> chosen = primary instanceof GptCopy.Valid p ? Optional.of(p.gpt())
                : backup instanceof GptCopy.Valid b ? Optional.of(b.gpt()) : Optional.empty();
        chosen.flatMap(Gpt::problem).ifPresent(problems::add);
        boolean anyGpt = !(primary instanceof GptCopy.Missing && backup instanceof GptCopy.Missing);
        return new GptInspection(primary, backup, pmbr || !anyGpt, atEnd || !backup.isValid(), problems);
    }

    private static List<Long> backupHints(BlockDevice dev, long totalLbas) throws IOException {
        int ss = dev.logicalSectorSize();
        List<Long> hints = new ArrayList<>();
        ByteBuffer h = ByteBuffer.wrap(dev.read(ss, ss)).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getLong(0) == GptCodec.GPT_HEADER_SIGNATURE) {
            hints.add(h.getLong(32));
        }
        ByteBuffer mbr = ByteBuffer.wrap(dev.read(0, 512)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            int r = GptCodec.MBR_PARTITION_TABLE_OFFSET + 16 * i;
            if ((mbr.get(r + 4) & 0xff) == GptCodec.OS_TYPE_GPT_PROTECTIVE) {
                hints.add(mbr.getInt(r + 12) & 0xffffffffL);
            }
        }
        return hints.stream().filter(l -> l > 2 && l < totalLbas - 1).distinct().toList();
    }

    private static void compare(GptCopy.Valid p, GptCopy.Valid b, List<String> problems) {
        GptHeader ph = p.header();
        GptHeader bh = b.header();
        if (!ph.diskGuid().equals(bh.diskGuid())) {
            problems.add("the two headers carry different disk GUIDs");
        }
        if (ph.firstUsableLba() != bh.firstUsableLba() || ph.lastUsableLba() != bh.lastUsableLba()) {
            problems.add("the two headers disagree on the usable LBAs");
        }
        if (ph.entryArrayCrc() != bh.entryArrayCrc() || ph.entryCount() != bh.entryCount()
                || ph.entrySize() != bh.entrySize()) {
            problems.add("the primary and backup entry arrays differ");
        }
        if (bh.alternateLba() != 1) {
            problems.add("backup header's alternate LBA is " + bh.alternateLba() + ", not 1");
        }
    }

    static boolean hasProtectiveMbr(byte[] lba0) {
        if (lba0.length < 512 || (lba0[510] & 0xff) != 0x55 || (lba0[511] & 0xff) != 0xaa) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if ((lba0[GptCodec.MBR_PARTITION_TABLE_OFFSET + 16 * i + 4] & 0xff) == GptCodec.OS_TYPE_GPT_PROTECTIVE) {
                return true;
            }
        }
        return false;
    }

    private static GptCopy readCopy(BlockDevice dev, long lba, long totalLbas) throws IOException {
        int ss = dev.logicalSectorSize();
        byte[] sector = dev.read(lba * ss, ss);
        if (ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN).getLong(0) != GptCodec.GPT_HEADER_SIGNATURE) {
            return new GptCopy.Missing(lba);
        }
        GptHeader h;
        try {
            h = GptCodec.parseHeader(sector, lba, totalLbas, ss);
        } catch (GptException e) {
            return new GptCopy.Damaged(lba, e.getMessage());
        }
        int arrayBytes = Gpt.arrayLbas(h.entryCount(), h.entrySize(), ss) * ss;
        byte[] array = dev.read(h.entryArrayLba() * ss, arrayBytes);
        try {
            List<GptPartition> parts = GptCodec.parseEntries(array, h);
            long lastLba = lba == 1 ? h.alternateLba() : lba;
            Gpt gpt = new Gpt(ss, h.diskGuid(), lastLba, h.firstUsableLba(), h.lastUsableLba(), h.entryCount(),
                    h.entrySize(), parts, isPmbrBootable(dev.read(0, 512)));
            // A backup array elsewhere than right before its header is valid; a rewrite moves it there.
            return new GptCopy.Valid(h, gpt);
        } catch (GptException | IllegalArgumentException e) {
            return new GptCopy.Damaged(lba, e.getMessage());
        }
    }

    private static boolean isPmbrBootable(byte[] lba0) {
        for (int i = 0; i < 4; i++) {
            int r = GptCodec.MBR_PARTITION_TABLE_OFFSET + 16 * i;
            if ((lba0[r + 4] & 0xff) == GptCodec.OS_TYPE_GPT_PROTECTIVE) {
                return (lba0[r] & 0xff) == 0x80;
            }
        }
        return false;
    }

    /** The table of {@code dev}; a clear error when there is none or both copies are broken. */
    public static Gpt read(BlockDevice dev) throws IOException {
        GptInspection i = inspect(dev);
        return i.gpt().orElseThrow(() -> new GptException(dev.name() + ": " + (i.absent()
                ? "no GPT (no \"EFI PART\" header at LBA 1 or at the end of the disk)"
                        + (i.problems().isEmpty() ? "" : ": " + String.join("; ", i.problems()))
                : "no usable GPT: " + i.summary())));
    }

    /**
     * Writes {@code gpt} as a whole in the order UEFI and libfdisk use, so that a cut at any point
     * leaves one intact copy: backup array, backup header, primary array, primary header, protective
     * MBR, then a flush.
     */
    public static void write(BlockDevice dev, Gpt gpt) throws IOException {
        check(dev, gpt);
        int ss = gpt.sectorSize();
        byte[] array = GptCodec.entries(gpt);
        long crc = GptCodec.entriesCrc(gpt, array);
        dev.write(gpt.backupArrayLba() * ss, array);
        dev.write(gpt.lastLba() * ss, GptCodec.header(gpt, false, crc));
        dev.write(2L * ss, array);
        dev.write(ss, GptCodec.header(gpt, true, crc));
        dev.write(0, GptCodec.protectiveMbr(gpt, dev.size() / ss));
        dev.flush();
    }

    private static void check(BlockDevice dev, Gpt gpt) throws IOException {
        if (gpt.sectorSize() != dev.logicalSectorSize()) {
            throw new GptException("table for " + gpt.sectorSize() + "-byte sectors cannot go on " + dev.name()
                    + " with " + dev.logicalSectorSize() + "-byte sectors");
        }
        long totalLbas = dev.size() / gpt.sectorSize();
        if (gpt.lastLba() >= totalLbas) {
            throw new GptException("table ends at LBA " + gpt.lastLba() + " but " + dev.name() + " has " + totalLbas + " blocks");
        }
        gpt.problem().ifPresent(p -> {
            throw new GptException("refusing to write an invalid GPT to " + dev.name() + ": " + p);
        });
    }

    /** What {@link #repair} did. */
    public enum Repair { NOTHING, PRIMARY_RESTORED, BACKUP_RESTORED, BACKUP_MOVED_TO_END, PROTECTIVE_MBR_RESTORED }

    /**
     * Makes both copies valid again, writing only what is broken: a damaged primary from the backup,
     * a damaged backup from the primary, a backup stranded before the end of a grown disk moved to
     * the end (the last usable LBA follows), a missing protective MBR rewritten. The boot code in
     * LBA 0 is kept when the protective record is all that is missing.
     */
    public static List<Repair> repair(BlockDevice dev) throws IOException {
        GptInspection i = inspect(dev);
        if (i.absent()) {
            throw new GptException(dev.name() + ": no GPT to repair");
        }
        Gpt gpt = i.gpt().orElseThrow(() -> new GptException(dev.name() + ": both GPT copies are damaged, nothing to repair from: " + i.summary()));
        int ss = gpt.sectorSize();
        long totalLbas = dev.size() / ss;
        List<Repair> done = new ArrayList<>();
        boolean moveBackup = gpt.lastLba() != totalLbas - 1;
        if (moveBackup) {
            gpt = gpt.relocatedTo(totalLbas);
        }
        check(dev, gpt);
        byte[] array = GptCodec.entries(gpt);
        long crc = GptCodec.entriesCrc(gpt, array);
        boolean writeBackup = moveBackup || !i.backup().isValid() || !i.problems().isEmpty();
        boolean writePrimary = moveBackup || !i.primary().isValid() || !i.problems().isEmpty();
        if (writeBackup) {
            dev.write(gpt.backupArrayLba() * ss, array);
            dev.write(gpt.lastLba() * ss, GptCodec.header(gpt, false, crc));
            done.add(moveBackup ? Repair.BACKUP_MOVED_TO_END : Repair.BACKUP_RESTORED);
        }
        if (writePrimary) {
            dev.write(2L * ss, array);
            dev.write(ss, GptCodec.header(gpt, true, crc));
            if (!i.primary().isValid()) {
                done.add(Repair.PRIMARY_RESTORED);
            }
        }
        byte[] lba0 = dev.read(0, ss);
        byte[] pmbr = GptCodec.protectiveMbr(gpt, totalLbas);
        if (!hasProtectiveMbr(lba0) || moveBackup) {
            // Keep boot code (bytes 0..439, GRUB's boot.img) and the disk signature; replace the records.
            System.arraycopy(lba0, 0, pmbr, 0, 446);
            dev.write(0, pmbr);
            if (!hasProtectiveMbr(lba0)) {
                done.add(Repair.PROTECTIVE_MBR_RESTORED);
            }
        }
        if (done.isEmpty()) {
            done.add(Repair.NOTHING);
        } else {
            dev.flush();
        }
        return done;
    }
}
