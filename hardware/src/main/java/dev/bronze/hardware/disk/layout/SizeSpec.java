package dev.bronze.hardware.disk.layout;

/** How big a partition of a layout is; resolved against a disk by {@link LayoutPlanner}. */
public sealed interface SizeSpec {

    /** Exactly this many bytes (a multiple of 1 MiB). */
    record Fixed(long bytes) implements SizeSpec {
    }

    /**
     * A boot partition for two A/B slots: {@code preferred} bytes when the disk allows, less on a
     * small disk, but never less than two slots of the payload plus room for the loader and the
     * filesystem's own minimum; below that the plan is refused.
     */
    record BootSlots(long preferred) implements SizeSpec {
    }

    /** Whatever is left, at least {@code min} bytes; at most one per layout. */
    record Rest(long min) implements SizeSpec {
    }
}
