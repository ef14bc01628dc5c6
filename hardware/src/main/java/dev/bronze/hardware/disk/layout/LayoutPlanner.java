package dev.bronze.hardware.disk.layout;

import dev.bronze.hardware.disk.gpt.Gpt;
import dev.bronze.hardware.disk.gpt.GptType;
import dev.bronze.hardware.disk.gpt.GuidSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Places a {@link Layout} on a disk of a given size and sector size: 1 MiB-aligned starts and
 * sizes, the ESP sized for two boot slots, the rest partition last. Pure computation; refusals
 * say which partition does not fit and by how much.
 */
public final class LayoutPlanner {

    static final long MIB = Layout.MIB;
    /** Loader binaries, configuration and the FAT's own overhead beside two slots. */
    static final long BOOT_RESERVE = 32 * MIB;
    /**
     * FAT32 needs 65525 clusters. With 512-byte sectors that is ~33 MiB; with 4096-byte sectors the
     * cluster cannot be smaller than 4 KiB, so ~257 MiB (why Microsoft asks 260 MB ESPs on 4Kn disks).
     */
    static final long FAT32_MIN_512 = 36 * MIB;
    static final long FAT32_MIN_4096 = 260 * MIB;
    /** DOS tables address 32-bit LBAs: with 512-byte sectors nothing past 2 TiB. */
    static final long MBR_MAX_LBAS = 1L << 32;

    private LayoutPlanner() {
    }

    /** The smallest boot partition two slots fit in, for {@code sectorSize}. */
    public static long minimumBootPartition(Layout layout, int sectorSize) {
        long twoSlots = roundUp(2 * layout.slotPayloadBytes() + BOOT_RESERVE, MIB);
        return Math.max(twoSlots, sectorSize == 4096 ? FAT32_MIN_4096 : FAT32_MIN_512);
    }

    public static Plan plan(Layout layout, String target, long sizeBytes, int sectorSize, GuidSource ids,
                            DiskContents existing) {
        return plan(layout, target, sizeBytes, sectorSize, ids, existing, false);
    }

    /**
     * @param pmbrBootable mark the protective MBR's 0xEE record active: some legacy BIOSes (HP
     *                     Gen8, some Dell and Lenovo) boot a GPT disk only then, while some UEFI
     *                     firmware ignores a disk that has it (boot-ab.md §1.2), so it is opt-in
     */
    public static Plan plan(Layout layout, String target, long sizeBytes, int sectorSize, GuidSource ids,
                            DiskContents existing, boolean pmbrBootable) {
        if (sectorSize != 512 && sectorSize != 4096) {
            throw new LayoutException("sector size must be 512 or 4096, not " + sectorSize);
        }
        long totalLbas = sizeBytes / sectorSize;
        long start = MIB;
        long end;
        if (layout.table() == TableKind.GPT) {
            int arrayLbas = (Gpt.DEFAULT_ENTRY_COUNT * Gpt.DEFAULT_ENTRY_SIZE + sectorSize - 1) / sectorSize;
            end = (totalLbas - 1 - arrayLbas) * sectorSize;
        } else {
            end = Math.min(totalLbas, MBR_MAX_LBAS) * sectorSize;
        }
        end = end / MIB * MIB;
        long available = end - start;
        String disk = target + " (" + Sizes.human(sizeBytes) + ")";
        if (available < MIB) {
            throw new LayoutException("disk " + disk + " is too small for any partition");
        }

        long fixed = 0;
        long restMin = 0;
        for (PartitionSpec p : layout.partitions()) {
            if (p.size() instanceof SizeSpec.Fixed f) {
                fixed += f.bytes();
            } else if (p.size() instanceof SizeSpec.Rest r) {
                restMin = roundUp(Math.max(r.min(), MIB), MIB);
            }
        }
        long minBoot = layout.partitions().stream().anyMatch(p -> p.size() instanceof SizeSpec.BootSlots)
                ? minimumBootPartition(layout, sectorSize) : 0;
        if (fixed + restMin + minBoot > available) {
            throw new LayoutException(String.format(Locale.ROOT,
                    "disk %s is too small for layout %s: it needs at least %s (%s fixed%s%s) but %s is usable; "
                            + "two boot slots of %s need a boot partition of %s",
                    disk, layout.name(), Sizes.human(fixed + restMin + minBoot), Sizes.human(fixed),
                    minBoot > 0 ? ", " + Sizes.human(minBoot) + " boot partition" : "",
                    restMin > 0 ? ", " + Sizes.human(restMin) + " for the rest" : "",
                    Sizes.human(available), Sizes.human(layout.slotPayloadBytes()), Sizes.human(minBoot)));
        }
        long bootSize = 0;
        for (PartitionSpec p : layout.partitions()) {
            if (p.size() instanceof SizeSpec.BootSlots b) {
                long room = (available - fixed - restMin) / MIB * MIB;
                bootSize = Math.max(minBoot, Math.min(roundUp(b.preferred(), MIB), room));
            }
        }
        long restSize = available - fixed - bootSize;

        List<PlannedPartition> out = new ArrayList<>();
        List<String> wipes = new ArrayList<>();
        long off = start;
        int number = 1;
        for (PartitionSpec p : layout.partitions()) {
            long size;
            if (p.size() instanceof SizeSpec.Fixed f) {
                size = f.bytes();
            } else if (p.size() instanceof SizeSpec.BootSlots) {
                size = bootSize;
            } else {
                size = restSize;
            }
            if (size <= 0) {
                throw new LayoutException("disk " + disk + " leaves no room for " + p.label());
            }
            long first = off / sectorSize;
            long last = (off + size) / sectorSize - 1;
            boolean gpt = layout.table() == TableKind.GPT;
            String fsId = switch (p.filesystem()) {
                case VFAT -> volumeId(ids.id32("volume:" + p.label()));
                case XFS, EXT4 -> ids.guid("filesystem:" + p.label()).toString();
                default -> null;
            };
            UUID guid = gpt ? ids.guid("partition:" + p.label()) : null;
            out.add(new PlannedPartition(number, p.label(), first, last, off, size,
                    gpt ? GptType.name(p.gptType()) : String.format("0x%02x", p.mbrType()),
                    gpt ? p.gptType() : null, gpt ? 0 : p.mbrType(), guid, gpt ? p.attributes() : 0,
                    !gpt && p.bootable(), p.filesystem(), fsId));
            off += size;
            number++;
        }

        wipes.add("discard the whole disk (where the device supports it)");
        wipes.add("zero the first and last MiB of the disk (partition tables, boot code)");
        for (DiskContents.Existing e : existing.partitions()) {
            wipes.add("zero the signature areas of existing partition " + e.number() + " " + e.name()
                    + (e.signatures().isEmpty() ? "" : " (" + String.join(", ", e.signatures()) + ")"));
        }
        if (!existing.signatures().isEmpty()) {
            wipes.add("erase " + String.join(", ", existing.signatures()) + " on the whole disk");
        }
        for (PlannedPartition p : out) {
            wipes.add(switch (p.filesystem()) {
                case ZERO -> "zero " + p.label() + " (" + Sizes.human(p.size()) + ")";
                case NONE -> "zero the first and last MiB of " + p.label();
                default -> "format " + p.label() + " as " + p.filesystem().id();
            });
        }
        String diskId = layout.table() == TableKind.GPT ? ids.guid("disk").toString()
                : String.format("%08x", ids.id32("mbr-disk"));
        return new Plan(target, sizeBytes, sectorSize, layout.name(), layout.table(), diskId, out, existing, wipes,
                pmbrBootable && layout.table() == TableKind.GPT);
    }

    static String volumeId(long id) {
        return String.format("%04X-%04X", id >>> 16, id & 0xffff);
    }

    static long roundUp(long v, long unit) {
        return (v + unit - 1) / unit * unit;
    }
}
