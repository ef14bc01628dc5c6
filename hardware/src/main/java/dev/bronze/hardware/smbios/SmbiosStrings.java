package dev.bronze.hardware.smbios;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises the placeholders firmware vendors leave in string fields, so that inventory and
 * platform detection do not report "To Be Filled By O.E.M." as a manufacturer or "Default string"
 * as a serial number.
 */
public final class SmbiosStrings {

    private static final Set<String> PLACEHOLDERS = Set.of(
            "to be filled by o.e.m.", "to be filled by oem", "to be filled by o.e.m", "to be filled by msft",
            "to be filed by msft", "default string", "default", "not specified", "not applicable", "not available",
            "not present", "not settable", "none", "n/a", "na", "unknown", "oem", "o.e.m.", "system manufacturer",
            "system product name", "system version", "system serial number", "base board manufacturer",
            "base board product name", "base board serial number", "chassis manufacturer", "chassis version",
            "chassis serial number", "asset-1234567890", "no asset tag", "no asset information", "sku",
            "type1productconfigid", "type2 - board serial number", "type2 - board asset tag",
            "type2 - board vendor name1", "type2 - board product name1", "type2 - board version",
            "0123456789", "1234567890", "123456789", "00000000", "000000000000", "xxxxxxxxxxxx",
            "empty", "filled by o.e.m.", "invalid", "<bad index>", "all series", "insyde", "ami",
            "03000200-0400-0500-0006-000700080009");

    private SmbiosStrings() {
    }

    /** True for an absent, blank or well-known placeholder value. */
    public static boolean isPlaceholder(String s) {
        if (s == null) {
            return true;
        }
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || PLACEHOLDERS.contains(v)) {
            return true;
        }
        // Runs of one character ("0000000", "FFFFFFFF", "........", "        ") carry no identity.
        return v.chars().distinct().count() == 1 && v.length() > 2;
    }

    /** The chassis type name for a code as {@code /sys/class/dmi/id/chassis_type} gives it (lock bit ignored). */
    public static String chassisType(int code) {
        return Names.pick(Names.CHASSIS_TYPES, 1, code & 0x7F);
    }

    /** The value when it says something, stripped; empty for placeholders. */
    public static Optional<String> meaningful(String s) {
        return isPlaceholder(s) ? Optional.empty() : Optional.of(s.strip());
    }
}
