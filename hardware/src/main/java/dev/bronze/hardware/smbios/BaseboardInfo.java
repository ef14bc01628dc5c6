package dev.bronze.hardware.smbios;

/** Type 2. */
public record BaseboardInfo(String manufacturer, String productName, String version, String serialNumber,
        String assetTag, String locationInChassis, String boardType) {
}
