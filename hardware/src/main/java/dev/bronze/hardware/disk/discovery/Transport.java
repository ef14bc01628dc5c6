package dev.bronze.hardware.disk.discovery;

/** How a disk is attached, as far as sysfs shows it. */
public enum Transport {
    NVME("nvme"),
    SATA("sata"),
    /** Parallel ATA, or SATA behind a legacy IDE-mode driver (ata_piix, QEMU's IDE). */
    ATA("ata"),
    SAS("sas"),
    FC("fc"),
    ISCSI("iscsi"),
    /** A SCSI host with no more specific transport: hardware RAID volumes, Hyper-V storvsc. */
    SCSI("scsi"),
    USB("usb"),
    MMC("mmc"),
    VIRTIO("virtio"),
    XEN("xen"),
    /** Not attached to hardware (loop, zram, dm, md) or not recognised. */
    NONE("");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** The lower-case name used in {@code bronze disks}, JSON and the selector ({@code transport=usb}). */
    public String label() {
        return label;
    }
}
