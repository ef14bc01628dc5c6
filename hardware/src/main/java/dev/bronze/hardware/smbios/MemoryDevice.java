package dev.bronze.hardware.smbios;

import java.util.List;

/**
 * Type 17, one memory slot. {@code sizeBytes} is 0 for an empty slot and null when unknown; speeds
 * are MT/s; voltages mV; {@code technology} (SMBIOS 3.2+) tells DRAM from NVDIMM and Optane. {@link #installed()} is what inventory counts.
 */
public record MemoryDevice(int handle, String locator, String bankLocator, Long sizeBytes, String formFactor,
        String type, List<String> typeDetail, Integer speedMts, Integer configuredSpeedMts, String manufacturer,
        String serialNumber, String assetTag, String partNumber, Integer rank, Integer totalWidthBits,
        Integer dataWidthBits, Integer configuredVoltageMv, String technology) {

    public boolean installed() {
        return sizeBytes == null || sizeBytes > 0;
    }
}
