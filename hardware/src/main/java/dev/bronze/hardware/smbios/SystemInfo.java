package dev.bronze.hardware.smbios;

/**
 * Type 1. {@code uuid} is lower-case text in the byte order of the table's SMBIOS version
 * (>= 2.6: first three fields little-endian), null when absent, all-zero or all-FF.
 */
public record SystemInfo(String manufacturer, String productName, String version, String serialNumber,
        String uuid, String wakeUpType, String skuNumber, String family) {
}
