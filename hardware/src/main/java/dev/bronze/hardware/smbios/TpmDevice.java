package dev.bronze.hardware.smbios;

import java.util.List;

/** Type 43: the TPM the firmware describes; {@code specMajor} 2 means TPM 2.0. */
public record TpmDevice(String vendorId, int specMajor, int specMinor, String firmwareRevision,
        String description, List<String> characteristics) {
}
