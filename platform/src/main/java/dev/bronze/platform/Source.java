package dev.bronze.platform;

import java.util.Locale;

/** Why the answer is what it is: forced on the kernel command line, detected, or the default. */
public enum Source {
    CMDLINE, DETECTED, FALLBACK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
