package dev.bronze.hardware.disk.gpt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A GUID partition table as a value: what both copies on disk hold. Positions of the two copies
 * follow from {@code lastLba} (the backup header) and the entry array size.
 *
 * @param sectorSize      logical block size, 512 or 4096
 * @param diskGuid        disk GUID, identical in both headers
 * @param lastLba         LBA of the backup header (the last block of the disk when healthy)
 * @param firstUsableLba  first LBA a partition may use
 * @param lastUsableLba   last LBA a partition may use
 * @param entryCount      number of entries in each array (usually 128)
 * @param entrySize       bytes per entry, 128 × 2<sup>n</sup>
 * @param partitions      the used entries, ordered by number
 * @param pmbrBootable    whether the protective MBR's 0xEE record is marked active (0x80), which
 *                        some legacy BIOSes demand and the UEFI spec forbids (boot-ab.md §1.2)
 */
public record Gpt(int sectorSize, UUID diskGuid, long lastLba, long firstUsableLba, long lastUsableLba,
                  int entryCount, int entrySize, List<GptPartition> partitions, boolean pmbrBootable) {

    public static final int DEFAULT_ENTRY_COUNT = 128;
    public static final int DEFAULT_ENTRY_SIZE = 128;
    /** UEFI 5.3.2: at least this many bytes must be reserved for each entry array. */
    public static final int MIN_ARRAY_BYTES = 16384;
    /** Partitions start on 1 MiB boundaries, like sfdisk, parted and Windows. */
    public static final long ALIGNMENT_BYTES = 1L << 20;

    public Gpt {
        Objects.requireNonNull(diskGuid, "diskGuid");
        partitions = List.copyOf(partitions.stream().sorted(Comparator.comparingInt(GptPartition::number)).toList());
        if (sectorSize != 512 && sectorSize != 4096) {
            throw new IllegalArgumentException("sector size must be 512 or 4096, not " + sectorSize);
        }
    }

    /**
     * An empty table for a disk of {@code totalLbas} blocks with 128 entries of 128 bytes, the first
     * usable LBA at 1 MiB (as sfdisk writes it) and the last before the backup array.
     */
    public static Gpt empty(int sectorSize, long totalLbas, UUID diskGuid) {
        int arrayLbas = arrayLbas(DEFAULT_ENTRY_COUNT, DEFAULT_ENTRY_SIZE, sectorSize);
        long first = ALIGNMENT_BYTES / sectorSize;
        long last = totalLbas - 1;
        long lastUsable = last - arrayLbas - 1;
        if (lastUsable < first) {
            throw new IllegalArgumentException("a disk of " + totalLbas + " blocks of " + sectorSize
                    + " bytes is too small for a GPT with a 1 MiB aligned partition");
        }
        return new Gpt(sectorSize, diskGuid, last, first, lastUsable, DEFAULT_ENTRY_COUNT, DEFAULT_ENTRY_SIZE,
                List.of(), false);
    }

    static int arrayLbas(long entryCount, long entrySize, int sectorSize) {
        return (int) ((entryCount * entrySize + sectorSize - 1) / sectorSize);
    }

    /** Blocks taken by one entry array. */
    public int entryArrayLbas() {
        return arrayLbas(entryCount, entrySize, sectorSize);
    }

    /** First LBA of the backup entry array. */
    public long backupArrayLba() {
        return lastLba - entryArrayLbas();
    }

    public Gpt withPartitions(List<GptPartition> parts) {
        return new Gpt(sectorSize, diskGuid, lastLba, firstUsableLba, lastUsableLba, entryCount, entrySize, parts,
                pmbrBootable);
    }

    public Gpt withPmbrBootable(boolean bootable) {
        return new Gpt(sectorSize, diskGuid, lastLba, firstUsableLba, lastUsableLba, entryCount, entrySize,
                partitions, bootable);
    }

    /**
     * The same table for a disk that is now {@code totalLbas} long: the backup moves to the new end
     * and the last usable LBA follows it (what {@code sgdisk -e} does after an image grew).
     */
    public Gpt relocatedTo(long totalLbas) {
        long last = totalLbas - 1;
        long lastUsable = last - entryArrayLbas() - 1;
        for (GptPartition p : partitions) {
            if (p.lastLba() > lastUsable) {
                throw new GptException("partition " + p.number() + " ends at LBA " + p.lastLba()
                        + ", past the end of a disk of " + totalLbas + " blocks");
            }
        }
        return new Gpt(sectorSize, diskGuid, last, firstUsableLba, lastUsable, entryCount, entrySize, partitions, pmbrBootable);
    }

    public Optional<GptPartition> partition(int number) {
        return partitions.stream().filter(p -> p.number() == number).findFirst();
    }

    public Optional<GptPartition> byName(String name) {
        return partitions.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every rule a table must keep to be written; the first broken rule, in words. */
    public Optional<String> problem() {
        if (entrySize < 128 || Integer.bitCount(entrySize) != 1) {
            return Optional.of("entry size " + entrySize + " is not 128 × 2^n");
        }
        if (entryCount < 1 || (long) entryCount * entrySize < MIN_ARRAY_BYTES && entryCount < DEFAULT_ENTRY_COUNT) {
            return Optional.of("entry array of " + entryCount + " × " + entrySize + " bytes is under the 16 KiB UEFI minimum");
        }
        long arrayEnd = 2 + entryArrayLbas();
        if (firstUsableLba < arrayEnd) {
            return Optional.of("first usable LBA " + firstUsableLba + " overlaps the primary entry array (ends at LBA " + (arrayEnd - 1) + ")");
        }
        if (lastUsableLba >= backupArrayLba()) {
            return Optional.of("last usable LBA " + lastUsableLba + " overlaps the backup entry array at LBA " + backupArrayLba());
        }
        if (lastUsableLba < firstUsableLba) {
            return Optional.of("no usable space: first usable LBA " + firstUsableLba + " > last usable " + lastUsableLba);
        }
        Set<Integer> numbers = new HashSet<>();
        Set<UUID> guids = new HashSet<>();
        List<GptPartition> byStart = new ArrayList<>(partitions);
        byStart.sort(Comparator.comparingLong(GptPartition::firstLba));
        GptPartition prev = null;
        for (GptPartition p : byStart) {
            if (p.number() > entryCount) {
                return Optional.of("partition " + p.number() + " does not fit an array of " + entryCount + " entries");
            }
            if (!numbers.add(p.number())) {
                return Optional.of("partition number " + p.number() + " is used twice");
            }
            if (!guids.add(p.guid())) {
                return Optional.of("partition " + p.number() + " repeats the unique GUID " + p.guid());
            }
            if (p.firstLba() < firstUsableLba || p.lastLba() > lastUsableLba) {
                return Optional.of("partition " + p.number() + " (LBA " + p.firstLba() + ".." + p.lastLba()
                        + ") lies outside the usable LBAs " + firstUsableLba + ".." + lastUsableLba);
            }
            if (prev != null && p.firstLba() <= prev.lastLba()) {
                return Optional.of("partitions " + prev.number() + " and " + p.number() + " overlap at LBA " + p.firstLba());
            }
            prev = p;
        }
        return Optional.empty();
    }
}
