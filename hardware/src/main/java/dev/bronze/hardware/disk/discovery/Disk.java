package dev.bronze.hardware.disk.discovery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A whole disk found through sysfs. Text fields are empty (never null) when the machine does not
 * tell; sizes are in bytes.
 *
 * @param name               kernel name ({@code sda}, {@code nvme0n1}, {@code mmcblk0})
 * @param devicePath         {@code /dev/NAME}
 * @param sizeBytes          the kernel's {@code size} (always 512-byte units) times 512
 * @param model              device model; for eMMC/SD cards the card's product name
 * @param vendor             SCSI vendor where it names one (not the "ATA" placeholder)
 * @param wwid               world-wide id: {@code wwid}, nvme {@code eui}/{@code nguid}, or the {@code wwn-} link
 * @param busPath            the device's place on the buses, as Talos reports it
 *                           ({@code /pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0})
 * @param modalias           the device's modalias, or the nearest parent's when it has none (NVMe)
 * @param emmc               an eMMC chip rather than a removable SD card
 * @param links              {@code /dev/disk/by-id} and {@code by-path} names of the whole disk
 * @param mountPoints        where the disk, its partitions or holders built on it are mounted
 * @param holders            dm/md devices built on the disk or one of its partitions
 * @param uses               why the disk is in use; empty when nothing uses it
 * @param unfit              why it can never be an install target (read-only, CD-ROM, no medium,
 *                           eMMC boot area, virtual); empty for an ordinary disk
 */
public record Disk(
        String name,
        String devicePath,
        long sizeBytes,
        int logicalSectorSize,
        int physicalSectorSize,
        String model,
        String vendor,
        String serial,
        String wwid,
        Transport transport,
        boolean rotational,
        boolean removable,
        boolean readOnly,
        boolean cdrom,
        boolean virtual,
        boolean emmc,
        String busPath,
        String modalias,
        List<String> links,
        List<Partition> partitions,
        List<String> mountPoints,
        List<String> holders,
        List<DiskUse> uses,
        List<String> unfit) {

    public Disk {
        links = List.copyOf(links);
        partitions = List.copyOf(partitions);
        mountPoints = List.copyOf(mountPoints);
        holders = List.copyOf(holders);
        uses = List.copyOf(uses);
        unfit = List.copyOf(unfit);
    }

    /** True when something uses the disk: it must not be wiped. */
    public boolean inUse() {
        return !uses.isEmpty();
    }

    /** True when the disk may be an install target: nothing uses it and nothing makes it unfit. */
    public boolean installable() {
        return uses.isEmpty() && unfit.isEmpty();
    }

    /**
     * The selector's {@code type=} words that describe this disk. {@code ssd} and {@code hdd} are
     * only SATA/SAS/SCSI/virtio disks: an NVMe drive is {@code nvme}, never {@code ssd} (Talos
     * #12370 wiped an NVMe data disk that {@code type: ssd} matched), and a USB stick is
     * {@code usb}, never {@code hdd}, although usb-storage reports it as rotational.
     */
    public Set<String> types() {
        Set<String> t = new LinkedHashSet<>();
        if (cdrom) {
            t.add("cdrom");
            return t;
        }
        switch (transport) {
            case NVME -> t.add("nvme");
            case USB -> t.add("usb");
            case MMC -> {
                t.add("sd");
                if (emmc) {
                    t.add("emmc");
                }
            }
            case NONE -> t.add(virtual ? "virtual" : "unknown");
            default -> t.add(rotational ? "hdd" : "ssd");
        }
        return t;
    }

    /** The first of {@link #types()}: the one word {@code bronze disks} shows. */
    public String type() {
        return types().iterator().next();
    }

    /** Every device name that belongs to this disk: the disk and its partitions. */
    public List<String> deviceNames() {
        List<String> names = new ArrayList<>();
        names.add(name);
        partitions.forEach(p -> names.add(p.name()));
        return names;
    }
}
