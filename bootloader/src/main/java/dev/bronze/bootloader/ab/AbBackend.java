package dev.bronze.bootloader.ab;

import java.io.IOException;
import java.util.Optional;

/**
 * A bootloader that keeps the A/B state where it can read and update it itself. Each method is
 * one state change, ordered so that a power cut between any two writes leaves a known-good slot
 * bootable. {@link AbPolicy} has already checked the change is allowed.
 */
public interface AbBackend {

    /** "sd-boot", "grub", "grub-bios" or "rpi". */
    String name();

    /** The state as the bootloader would see it now. */
    AbState read() throws IOException;

    /** The slot the bootloader's own state shows as last tried, for images that are not running. */
    Optional<Slot> lastTried() throws IOException;

    /** Writes the bootloader and slot A, known-good. */
    void install(SlotInfo a, BootPayload payload) throws IOException;

    /** Writes {@code trial} (state TRIAL, tries set) into its slot and makes it boot next. */
    void upgrade(AbState before, SlotInfo trial, BootPayload payload) throws IOException;

    /** Makes a trial known-good. */
    void confirm(AbState before, Slot slot) throws IOException;

    /** Marks a trial bad; the known-good slot boots next. */
    void reject(AbState before, Slot slot) throws IOException;

    /** Makes a known-good slot boot next. */
    void rollback(AbState before, Slot to) throws IOException;
}
