package dev.bronze.hardware.smbios;

import java.util.List;

/**
 * Type 4. Speeds in MHz and counts are null when the table does not say; {@code signature} is the
 * decoded CPUID signature ("Type 0, Family 6, Model 85, Stepping 7") or Arm MIDR, or null.
 */
public record ProcessorInfo(String socket, String type, String family, String manufacturer, String id,
        String signature, String version, Integer externalClockMhz, Integer maxSpeedMhz, Integer currentSpeedMhz, boolean populated,
        String status, String upgrade, String serialNumber, String assetTag, String partNumber, Integer coreCount,
        Integer coresEnabled, Integer threadCount, List<String> characteristics) {
}
