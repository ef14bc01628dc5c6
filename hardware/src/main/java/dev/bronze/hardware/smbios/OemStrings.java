package dev.bronze.hardware.smbios;

import java.util.List;

/** Type 11: free-form strings; clouds and hypervisors pass identifiers and configuration here. */
public record OemStrings(List<String> strings) {
}
