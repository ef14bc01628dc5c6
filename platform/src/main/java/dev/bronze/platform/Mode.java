package dev.bronze.platform;

import java.util.Locale;

/** How the OS runs there (Talos's modes): installs to disk on metal, not in a container. */
public enum Mode {
    METAL, CLOUD, CONTAINER;

    /** The lower-case name used in output ({@code "cloud"}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
