package dev.bronze.hardware.disk.layout;

/** The partition table a layout writes. */
public enum TableKind {
    /** GUID partition table (UEFI, and BIOS through GRUB's BIOS boot partition). */
    GPT,
    /** DOS table: what the Raspberry Pi firmware and its tryboot expect. */
    MBR
}
