package dev.bronze.hardware.smbios;

import java.util.List;

/** Type 0. {@code romSizeBytes} is null when unknown; {@code uefi} from characteristics byte 2, bit 3. */
public record BiosInfo(String vendor, String version, String releaseDate, Long romSizeBytes,
        List<String> characteristics, String biosRevision, String firmwareRevision, boolean uefi,
        boolean virtualMachine) {
}
