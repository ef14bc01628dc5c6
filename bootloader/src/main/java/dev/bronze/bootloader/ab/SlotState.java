package dev.bronze.bootloader.ab;

import java.util.Locale;

/** What a slot holds, as {@code status} reports it. */
public enum SlotState {
    /** Confirmed: boots, and is what the bootloader falls back to. */
    GOOD,
    /** Written by an upgrade and not yet confirmed; the bootloader counts its tries down. */
    TRIAL,
    /** Rejected, or its tries ran out: never booted by default again. */
    BAD,
    /** Nothing installed. */
    EMPTY;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SlotState parse(String s) {
        return valueOf(s.strip().toUpperCase(Locale.ROOT));
    }
}
