package dev.bronze.hardware.smbios;

/** Type 32: the firmware's view of the last boot. */
public record BootInfo(int statusCode, String status) {
}
