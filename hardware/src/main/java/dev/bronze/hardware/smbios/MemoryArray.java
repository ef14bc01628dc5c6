package dev.bronze.hardware.smbios;

/** Type 16. {@code maximumCapacityBytes} null when unknown. */
public record MemoryArray(String location, String use, String errorCorrection, Long maximumCapacityBytes,
        int numberOfDevices) {
}
