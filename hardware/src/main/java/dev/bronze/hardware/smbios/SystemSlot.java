package dev.bronze.hardware.smbios;

/** Type 9. {@code busAddress} is a PCI address ("0000:04:00.0") or null. */
public record SystemSlot(String designation, String type, String currentUsage, String length, String busAddress) {
}
