package dev.bronze.hardware.smbios;

/** Type 7. Sizes in bytes. */
public record CacheInfo(String socket, int level, boolean enabled, Long installedSizeBytes,
        Long maximumSizeBytes, String systemType) {
}
