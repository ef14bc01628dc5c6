package dev.bronze.installer;

import dev.bronze.bootloader.ab.AbBackend;
import dev.bronze.bootloader.ab.AbController;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.esp.EspFiles;
import dev.bronze.bootloader.esp.FatEsp;
import dev.bronze.bootloader.grub.GrubBackend;
import dev.bronze.bootloader.grub.GrubBiosInstaller;
import dev.bronze.bootloader.grub.GrubImage;
import dev.bronze.bootloader.meta.MetaStore;
import dev.bronze.bootloader.rpi.RpiBackend;
import dev.bronze.bootloader.rpi.RpiConfig;
import dev.bronze.bootloader.sdboot.SdBootBackend;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.disk.gpt.Gpt;
import dev.bronze.hardware.disk.gpt.GptDisk;
import dev.bronze.hardware.disk.gpt.GptInspection;
import dev.bronze.hardware.disk.gpt.GptPartition;
import dev.bronze.hardware.disk.gpt.GptType;
import dev.bronze.hardware.disk.mbr.Mbr;
import dev.bronze.hardware.disk.mbr.MbrDisk;
import dev.bronze.hardware.disk.mbr.MbrPartition;
import dev.bronze.hardware.fat.FatFileSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * A disk (or image) that Bronze installed: its boot partition, META and BIOS boot partition found
 * from the partition table, the bootloader recognised from what is on the boot partition.
 */
public final class BootDisk {

    /** A partition by byte offset and length, in 512- or 4096-byte LBAs as the table says. */
    public record Region(long firstLba, long sectors, int sectorSize) {
        public long offset() {
            return firstLba * sectorSize;
        }

        public long length() {
            return sectors * sectorSize;
        }
    }

    /** The partitions Bronze uses. */
    public record Partitions(Region boot, Optional<Region> meta, Optional<Region> bios, boolean mbr, Optional<java.util.UUID> bootGuid) {
    }

    private final BlockDevice dev;
    private final Partitions parts;

    private BootDisk(BlockDevice dev, Partitions parts) {
        this.dev = dev;
        this.parts = parts;
    }

    public Partitions partitions() {
        return parts;
    }

    /**
     * Reads the GPT (or, for the Raspberry Pi, the MBR) and finds EFI, META and BIOS. A disk without
     * a table or without a FAT boot partition is "not installed" (an {@link InstallerException}
     * saying so, whatever was wrong with the bytes).
     */
    public static BootDisk open(BlockDevice dev) throws IOException {
        try {
            return read(dev);
        } catch (InstallerException e) {
            throw e;
        } catch (BronzeException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw notInstalled(dev, "no usable partition table: " + e.getMessage());
        }
    }

    private static BootDisk read(BlockDevice dev) throws IOException {
        Optional<Mbr> mbr = MbrDisk.read(dev);
        int ss = dev.logicalSectorSize();
        if (mbr.isPresent() && !mbr.get().isProtective()) {
            Region boot = null;
            Region meta = null;
            for (MbrPartition p : mbr.get().partitions()) {
                if (boot == null && (p.type() == 0x0c || p.type() == 0x0b || p.type() == 0xef)) {
                    boot = new Region(p.firstLba(), p.sectors(), ss);
                } else if (meta == null && p.type() == 0x83 && p.sectors() * ss == MetaStore.PARTITION_SIZE) {
                    meta = new Region(p.firstLba(), p.sectors(), ss);
                }
            }
            if (boot == null) {
                throw notInstalled(dev, "an MBR without a FAT boot partition");
            }
            return new BootDisk(dev, new Partitions(boot, Optional.ofNullable(meta), Optional.empty(), true, Optional.empty()));
        }
        GptInspection inspection = GptDisk.inspect(dev);
        if (inspection.gpt().isEmpty()) {
            throw notInstalled(dev, inspection.absent() ? "no partition table" : "no usable GPT: " + inspection.summary());
        }
        Gpt gpt = inspection.gpt().get();
        GptPartition esp = gpt.partitions().stream().filter(p -> p.type().equals(GptType.ESP)).findFirst()
                .orElseThrow(() -> notInstalled(dev, "a GPT without an EFI system partition"));
        // META is matched by name and exact size, as Talos does since a foreign "META" was picked up (#9786).
        Optional<Region> meta = gpt.byName("META").filter(p -> p.sizeLbas() * ss == MetaStore.PARTITION_SIZE)
                .map(p -> new Region(p.firstLba(), p.sizeLbas(), ss));
        Optional<Region> bios = gpt.partitions().stream().filter(p -> p.type().equals(GptType.BIOS_BOOT)).findFirst()
                .map(p -> new Region(p.firstLba(), p.sizeLbas(), ss));
        return new BootDisk(dev, new Partitions(new Region(esp.firstLba(), esp.sizeLbas(), ss), meta, bios, false,
                Optional.of(esp.guid())));
    }

    static InstallerException notInstalled(BlockDevice dev, String why) {
        return new InstallerException(dev.name() + ": not installed (" + why + ")");
    }

    /** A disk with Bronze's partitions whose install did not finish: install again. */
    InstallerException incomplete(String why) {
        return new InstallerException(dev.name() + ": incomplete install (" + why + "); an install was interrupted:"
                + " run install again");
    }

    public BlockDevice device() {
        return dev;
    }

    /** The boot partition's FAT; "incomplete install" when the partition holds none (a cut before or while formatting). */
    public FatFileSystem bootFileSystem(Clock clock) throws IOException {
        try {
            return FatFileSystem.open(dev.slice(parts.boot().offset(), parts.boot().length()), clock);
        } catch (BronzeException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw incomplete("the boot partition holds no readable FAT: " + e.getMessage());
        }
    }

    public Optional<MetaStore> meta() throws IOException {
        if (parts.meta().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MetaStore(dev.slice(parts.meta().get().offset(), parts.meta().get().length())));
    }

    /** The ESP as files, through the pure-Java FAT. */
    public EspFiles esp(Clock clock) throws IOException {
        return new FatEsp(bootFileSystem(clock), "the boot partition of " + dev.name());
    }

    /** Which bootloader Bronze installed here, from what the boot partition holds. */
    public static Optional<BootloaderKind> recognise(EspFiles esp, boolean hasBiosPartition) throws IOException {
        for (String dir : java.util.List.of(SdBootBackend.ENTRIES, SdBootBackend.LINUX)) {
            for (String f : esp.list(dir)) {
                if (f.toLowerCase(java.util.Locale.ROOT).startsWith("bronze-")) {
                    return Optional.of(BootloaderKind.SD_BOOT);
                }
            }
        }
        if (esp.exists(GrubBackend.CFG) || esp.exists(GrubBackend.CFG + ".new")) {
            return Optional.of(hasBiosPartition ? BootloaderKind.GRUB_BIOS : BootloaderKind.GRUB);
        }
        if (esp.exists(RpiConfig.CONFIG)
                && new String(esp.read(RpiConfig.CONFIG, 64 * 1024), StandardCharsets.UTF_8).contains(RpiConfig.STATE_PREFIX)) {
            return Optional.of(BootloaderKind.RPI);
        }
        return Optional.empty();
    }

    /** The backend for {@code kind} on this disk's boot partition. */
    public AbBackend backend(BootloaderKind kind, EspFiles esp, BootTools tools, Optional<Path> efiCore) {
        return switch (kind) {
            case SD_BOOT -> new SdBootBackend(esp, tools.systemdBootEfi(), tools.efiArch(), 0);
            case GRUB -> new GrubBackend(esp, "grub", efiCore, 0);
            case GRUB_BIOS -> new GrubBackend(esp, "grub-bios", efiCore, 0);
            case RPI -> new RpiBackend(esp, tools.rpiFirmware(), tools.rpiDeviceTrees(), 1, Optional.empty());
        };
    }

    /**
     * The A/B controller for what is installed here. Fails with "incomplete install" when the
     * bootloader's state or its entry point (written last by install: EFI/BOOT/BOOT&lt;ARCH&gt;.EFI,
     * GRUB's code in the MBR for legacy BIOS, config.txt on the Raspberry Pi) is missing, and with
     * "not installed" when the boot partition holds nothing of Bronze's.
     */
    public AbController controller(EspFiles esp, BootTools tools, Optional<Slot> booted) throws IOException {
        Optional<BootloaderKind> kind;
        try {
            kind = recognise(esp, parts.bios().isPresent());
        } catch (BronzeException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw incomplete("the boot partition cannot be read: " + e.getMessage());
        }
        if (kind.isEmpty()) {
            if (parts.meta().isPresent() || esp.exists("bronze") || esp.exists("EFI/BOOT")) {
                throw incomplete("no Bronze bootloader state: no bronze-* loader entries or UKIs, grub/grub.cfg or config.txt");
            }
            throw notInstalled(dev, "nothing of Bronze's on the boot partition");
        }
        switch (kind.get()) {
            case SD_BOOT, GRUB, GRUB_BIOS -> {
                if (!esp.exists("EFI/BOOT/BOOTX64.EFI") && !esp.exists("EFI/BOOT/BOOTAA64.EFI")) {
                    throw incomplete("no EFI/BOOT/BOOTX64.EFI or BOOTAA64.EFI for the firmware to start");
                }
                if (kind.get() == BootloaderKind.GRUB_BIOS && isZero(dev.read(0, GrubBiosInstaller.BOOT_CODE_BYTES))) {
                    throw incomplete("no boot code in the MBR for a legacy BIOS to start");
                }
            }
            case RPI -> {
                // config.txt is written last and is what recognise() found.
            }
        }
        AbBackend backend = backend(kind.get(), esp, tools, Optional.empty());
        if (backend.read().slots().isEmpty()) {
            throw incomplete("the " + backend.name() + " state names no slot");
        }
        return new AbController(backend, booted);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    static String grubUuid(long volumeId) {
        return GrubImage.fatUuid(volumeId);
    }
}
