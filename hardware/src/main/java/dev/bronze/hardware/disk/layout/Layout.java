package dev.bronze.hardware.disk.layout;

import dev.bronze.hardware.disk.gpt.GptPartition;
import dev.bronze.hardware.disk.gpt.GptType;
import dev.bronze.hardware.disk.mbr.MbrPartition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A disk layout as data: the table kind and the partitions in disk order. The built-in ones follow
 * Talos (talos.md §3.2): {@code EFI} then {@code META} for UEFI; {@code EFI}, {@code BIOS} (GRUB's
 * core.img, legacy-bootable) and {@code META} for BIOS+UEFI; an MBR boot partition then {@code META}
 * for the Raspberry Pi. {@code STATE} and {@code EPHEMERAL} are optional (Talos creates them at
 * runtime; an image or a pre-provisioned disk may want them now).
 *
 * @param name             for messages and the plan
 * @param table            GPT or MBR
 * @param partitions       in disk order
 * @param slotPayloadBytes what one boot slot (kernel + initramfs, or a UKI) needs; sizes the ESP
 */
public record Layout(String name, TableKind table, List<PartitionSpec> partitions, long slotPayloadBytes) {

    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    /** Talos's UKIs are ~100 MiB; 160 MiB leaves room for a larger initramfs with drivers. */
    public static final long DEFAULT_SLOT_PAYLOAD = 160 * MIB;
    public static final long DEFAULT_ESP = GIB;
    public static final long STATE_SIZE = 100 * MIB;
    public static final long EPHEMERAL_MIN = 2 * GIB;
    public static final int MAX_PARTITIONS = 128;

    public Layout {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        partitions = List.copyOf(partitions);
        validate(name, table, partitions, slotPayloadBytes);
    }

    private static void validate(String name, TableKind table, List<PartitionSpec> parts, long payload) {
        String where = "layout " + name + ": ";
        if (parts.isEmpty()) {
            throw new LayoutException(where + "no partitions");
        }
        if (table == TableKind.MBR && parts.size() > 4) {
            throw new LayoutException(where + parts.size() + " partitions, but an MBR holds at most 4 primary ones");
        }
        if (parts.size() > MAX_PARTITIONS) {
            throw new LayoutException(where + "more than " + MAX_PARTITIONS + " partitions");
        }
        if (payload <= 0) {
            throw new LayoutException(where + "slot payload must be positive");
        }
        Set<String> labels = new HashSet<>();
        int rest = 0;
        int slots = 0;
        for (PartitionSpec p : parts) {
            if (p.label().isEmpty() || p.label().length() > GptPartition.MAX_NAME_UNITS) {
                throw new LayoutException(where + "label \"" + p.label() + "\" must have 1 to 36 characters");
            }
            if (!labels.add(p.label())) {
                throw new LayoutException(where + "label " + p.label() + " is used twice");
            }
            if (p.label().length() > p.filesystem().maxLabelLength()) {
                throw new LayoutException(where + "label " + p.label() + " is longer than " + p.filesystem().id()
                        + " allows (" + p.filesystem().maxLabelLength() + ")");
            }
            if (p.size() instanceof SizeSpec.Rest) {
                rest++;
            }
            if (p.size() instanceof SizeSpec.BootSlots) {
                slots++;
            }
            if (p.size() instanceof SizeSpec.Fixed f && (f.bytes() <= 0 || f.bytes() % MIB != 0)) {
                throw new LayoutException(where + p.label() + " size must be a positive multiple of 1 MiB");
            }
            if (table == TableKind.MBR && (p.mbrType() <= 0 || p.mbrType() > 0xff
                    || p.mbrType() == MbrPartition.TYPE_GPT_PROTECTIVE)) {
                throw new LayoutException(where + p.label() + " needs an MBR type byte (0x01..0xff, not 0xee)");
            }
        }
        if (rest > 1) {
            throw new LayoutException(where + "only one partition can take the rest of the disk");
        }
        if (slots > 1) {
            throw new LayoutException(where + "only one partition can be sized for the boot slots");
        }
    }

    private static PartitionSpec esp() {
        return new PartitionSpec("EFI", new SizeSpec.BootSlots(DEFAULT_ESP), GptType.ESP, MbrPartition.TYPE_EFI,
                Filesystem.VFAT, 0, false);
    }

    private static PartitionSpec meta(int mbrType) {
        return new PartitionSpec("META", new SizeSpec.Fixed(MIB), GptType.LINUX_DATA, mbrType, Filesystem.ZERO, 0, false);
    }

    /** {@code EFI} (FAT32 ESP for two slots, 1 GiB by default) and {@code META} (1 MiB). */
    public static Layout uefi() {
        return new Layout("uefi", TableKind.GPT, List.of(esp(), meta(MbrPartition.TYPE_LINUX)), DEFAULT_SLOT_PAYLOAD);
    }

    /** {@code EFI}, {@code BIOS} (1 MiB, BIOS boot type, legacy-bootable) and {@code META}. */
    public static Layout bios() {
        PartitionSpec biosBoot = new PartitionSpec("BIOS", new SizeSpec.Fixed(MIB), GptType.BIOS_BOOT, 0xef,
                Filesystem.NONE, GptType.ATTR_LEGACY_BIOS_BOOTABLE, false);
        return new Layout("bios", TableKind.GPT, List.of(esp(), biosBoot, meta(MbrPartition.TYPE_LINUX)),
                DEFAULT_SLOT_PAYLOAD);
    }

    /** MBR: a FAT32 boot partition (type 0x0c) for two slots, then {@code META} (type 0x83). */
    public static Layout rpi() {
        PartitionSpec boot = new PartitionSpec("EFI", new SizeSpec.BootSlots(DEFAULT_ESP), GptType.MICROSOFT_BASIC_DATA,
                MbrPartition.TYPE_FAT32_LBA, Filesystem.VFAT, 0, true);
        return new Layout("rpi", TableKind.MBR, List.of(boot, meta(MbrPartition.TYPE_LINUX)), DEFAULT_SLOT_PAYLOAD);
    }

    /** A built-in layout by name. */
    public static Layout builtIn(String name) {
        return switch (name) {
            case "uefi" -> uefi();
            case "bios" -> bios();
            case "rpi" -> rpi();
            default -> throw new LayoutException("unknown layout \"" + name + "\" (uefi, bios, rpi or a .yaml file)");
        };
    }

    /** This layout plus {@code STATE} (100 MiB) and/or {@code EPHEMERAL} (the rest, at least 2 GiB). */
    public Layout withData(boolean state, boolean ephemeral, Filesystem fs) {
        if (!state && !ephemeral) {
            return this;
        }
        List<PartitionSpec> parts = new ArrayList<>(partitions);
        if (state) {
            parts.add(new PartitionSpec("STATE", new SizeSpec.Fixed(STATE_SIZE), GptType.LINUX_DATA,
                    MbrPartition.TYPE_LINUX, fs, 0, false));
        }
        if (ephemeral) {
            parts.add(new PartitionSpec("EPHEMERAL", new SizeSpec.Rest(EPHEMERAL_MIN), GptType.LINUX_DATA,
                    MbrPartition.TYPE_LINUX, fs, 0, false));
        }
        return new Layout(name, table, parts, slotPayloadBytes);
    }

    public Layout withSlotPayload(long bytes) {
        return new Layout(name, table, partitions, bytes);
    }
}
