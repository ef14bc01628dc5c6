package dev.bronze.hardware.disk.layout;

import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.disk.gpt.Gpt;
import dev.bronze.hardware.disk.gpt.GptDisk;
import dev.bronze.hardware.disk.gpt.GptInspection;
import dev.bronze.hardware.disk.gpt.GptPartition;
import dev.bronze.hardware.disk.gpt.GptType;
import dev.bronze.hardware.disk.mbr.Mbr;
import dev.bronze.hardware.disk.mbr.MbrDisk;
import dev.bronze.hardware.disk.mbr.MbrException;
import dev.bronze.hardware.disk.mbr.MbrPartition;
import dev.bronze.hardware.disk.wipe.Signatures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What is on a disk now, so a plan can say what it would destroy and refuse to without
 * {@code --force}: the partition table, its partitions, and the signatures in each.
 *
 * @param table      {@code none}, {@code gpt}, {@code gpt (damaged: ...)}, {@code dos}
 * @param signatures signatures on the whole disk outside any table (a filesystem written to the raw disk)
 * @param partitions existing partitions with what blkid would find in them
 * @param nonZero    whether any of the first MiB is not zero (boot code, unknown data)
 */
public record DiskContents(String table, List<String> signatures, List<Existing> partitions, boolean nonZero) {

    /** An existing partition. */
    public record Existing(int number, String name, long offset, long size, List<String> signatures) {
    }

    public DiskContents {
        signatures = List.copyOf(signatures);
        partitions = List.copyOf(partitions);
    }

    public boolean empty() {
        return table.equals("none") && signatures.isEmpty() && partitions.isEmpty() && !nonZero;
    }

    /** {@code GPT with 3 partitions: EFI (vfat), META, STATE (xfs)}, for refusals and plans. */
    public String describe() {
        if (empty()) {
            return "empty";
        }
        List<String> bits = new ArrayList<>();
        if (!table.equals("none")) {
            bits.add(table.toUpperCase(java.util.Locale.ROOT) + " with " + partitions.size() + " partition"
                    + (partitions.size() == 1 ? "" : "s")
                    + (partitions.isEmpty() ? "" : ": " + partitions.stream().map(p -> {
                        String n = p.name().isEmpty() ? "#" + p.number() : p.name();
                        return p.signatures().isEmpty() ? n : n + " (" + String.join(", ", p.signatures()) + ")";
                    }).collect(Collectors.joining(", "))));
        }
        if (!signatures.isEmpty()) {
            bits.add(String.join(", ", signatures) + " on the whole disk");
        }
        if (bits.isEmpty() && nonZero) {
            bits.add("data in the first MiB");
        }
        return String.join("; ", bits);
    }

    /** Reads the table (GPT first, even a damaged one; else DOS) and probes each partition. */
    public static DiskContents probe(BlockDevice dev) throws IOException {
        int ss = dev.logicalSectorSize();
        long size = dev.size();
        boolean nonZero = false;
        byte[] head = dev.read(0, (int) Math.min(size, 1 << 20));
        for (byte b : head) {
            if (b != 0) {
                nonZero = true;
                break;
            }
        }
        if (!nonZero && size > (1 << 20)) {
            byte[] tail = dev.read(size - (1 << 20), 1 << 20);
            for (byte b : tail) {
                if (b != 0) {
                    nonZero = true;
                    break;
                }
            }
        }
        List<Existing> parts = new ArrayList<>();
        String table = "none";
        GptInspection gi = GptDisk.inspect(dev);
        if (!gi.absent()) {
            table = gi.gpt().isPresent() ? (gi.healthy() ? "gpt" : "gpt (" + gi.summary() + ")")
                    : "gpt (unreadable: " + gi.summary() + ")";
            if (gi.gpt().isPresent()) {
                Gpt g = gi.gpt().get();
                for (GptPartition p : g.partitions()) {
                    long off = p.firstLba() * ss;
                    long len = p.sizeLbas() * ss;
                    if (off + len <= size) {
                        parts.add(new Existing(p.number(), p.name().isEmpty() ? GptType.name(p.type()) : p.name(), off,
                                len, names(dev.slice(off, len))));
                    }
                }
            }
        } else {
            try {
                java.util.Optional<Mbr> mbr = MbrDisk.read(dev);
                if (mbr.isPresent() && !mbr.get().partitions().isEmpty()) {
                    table = "dos";
                    for (MbrPartition p : mbr.get().partitions()) {
                        long off = p.firstLba() * ss;
                        long len = p.sectors() * ss;
                        if (!p.isExtended() && off + len <= size) {
                            parts.add(new Existing(p.number(), String.format("type 0x%02x", p.type()), off, len,
                                    names(dev.slice(off, len))));
                        }
                    }
                }
            } catch (MbrException e) {
                // Not a partition table: a filesystem on the raw disk also ends in 0x55AA.
            }
        }
        List<String> whole = table.equals("none") ? names(dev) : List.of();
        return new DiskContents(table, whole, parts, nonZero);
    }

    private static List<String> names(BlockDevice region) throws IOException {
        return Signatures.detect(region).stream().map(Signatures.Found::type).filter(t -> !t.equals("gpt"))
                .distinct().toList();
    }
}
