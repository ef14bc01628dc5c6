package dev.bronze.hardware.disk.mbr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A DOS (MBR) partition table: a 32-bit disk signature (what Linux shows as PTUUID and what
 * {@code root=PARTUUID=xxxxxxxx-02} on a Raspberry Pi refers to) and its primary records.
 */
public record Mbr(long diskSignature, List<MbrPartition> partitions) {

    public Mbr {
        if (diskSignature < 0 || diskSignature > 0xffffffffL) {
            throw new IllegalArgumentException("disk signature must be 32 bits");
        }
        partitions = List.copyOf(partitions.stream().sorted(Comparator.comparingInt(MbrPartition::number)).toList());
    }

    /** The identifier Linux derives from the signature: {@code PTUUID} in blkid, 8 hex digits. */
    public String ptuuid() {
        return String.format("%08x", diskSignature);
    }

    /** Whether this is the protective MBR of a GPT disk rather than a DOS table. */
    public boolean isProtective() {
        return partitions.stream().anyMatch(p -> p.type() == MbrPartition.TYPE_GPT_PROTECTIVE);
    }

    /** The first broken rule for a table on a disk of {@code totalLbas} blocks, in words. */
    public Optional<String> problem(long totalLbas) {
        List<MbrPartition> primaries = partitions.stream().filter(p -> p.number() <= 4).toList();
        if (primaries.size() > 4) {
            return Optional.of("more than four primary partitions");
        }
        if (primaries.stream().filter(MbrPartition::isExtended).count() > 1) {
            return Optional.of("more than one extended partition");
        }
        List<MbrPartition> sorted = new ArrayList<>(primaries);
        sorted.sort(Comparator.comparingLong(MbrPartition::firstLba));
        MbrPartition prev = null;
        for (MbrPartition p : sorted) {
            if (p.lastLba() >= totalLbas) {
                return Optional.of("partition " + p.number() + " ends at LBA " + p.lastLba()
                        + ", past the end of the disk (" + totalLbas + " blocks)");
            }
            if (prev != null && p.firstLba() <= prev.lastLba()) {
                return Optional.of("partitions " + prev.number() + " and " + p.number() + " overlap at LBA " + p.firstLba());
            }
            prev = p;
        }
        return Optional.empty();
    }
}
