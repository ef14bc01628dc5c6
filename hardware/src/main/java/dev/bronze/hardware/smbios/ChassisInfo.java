package dev.bronze.hardware.smbios;

/** Type 3. {@code type} in the specification's words ("Rack Mount Chassis", "Mini PC"). */
public record ChassisInfo(String manufacturer, String type, String version, String serialNumber,
        String assetTag, String skuNumber, Integer heightUnits) {
}
