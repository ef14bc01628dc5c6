package dev.bronze.installer;

import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.efi.EfiVariables;
import dev.bronze.bootloader.sdboot.EntryName;
import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.KernelCmdline;
import java.util.Locale;
import java.util.Optional;

/**
 * Which slot the running system booted from, when {@code disk} is the disk it booted from.
 *
 * <ul>
 * <li>systemd-boot's {@code LoaderEntrySelected} when it names a Bronze entry
 * ({@code bronze-GGGGG-s[+L-D].conf|.efi}, with or without the counter: sd-boot from 258 strips
 * it) — the only source for a Type #2 UKI, whose sealed {@code .cmdline} cannot carry
 * {@code bronze.slot=}; it is what the loader actually started, so it wins over the command line;</li>
 * <li>else the {@code bronze.slot=} that every Bronze Type #1, GRUB and Pi entry carries.</li>
 * </ul>
 * Both are trusted only when the firmware's {@code LoaderDevicePartUUID} names this disk's ESP;
 * {@code LoaderEntrySelected} needs that variable, {@code bronze.slot=} is also taken without UEFI
 * (the kernel was started by Bronze's own GRUB or Pi firmware entry and nothing says otherwise).
 */
public final class BootedSlot {

    private BootedSlot() {
    }

    public static Optional<Slot> of(SysRoot sys, BootDisk disk) {
        EfiVariables efi = new EfiVariables(sys, EfiVariables.ImmutableFlag.NONE);
        Optional<String> loaderEsp = efi.readString("LoaderDevicePartUUID");
        Optional<Boolean> sameEsp = loaderEsp.isPresent() && disk.partitions().bootGuid().isPresent()
                ? Optional.of(loaderEsp.get().strip().toLowerCase(Locale.ROOT)
                        .equals(disk.partitions().bootGuid().get().toString().toLowerCase(Locale.ROOT)))
                : Optional.empty();
        if (sameEsp.isPresent() && !sameEsp.get()) {
            return Optional.empty();
        }
        if (sameEsp.isPresent()) {
            Optional<Slot> selected = efi.readString("LoaderEntrySelected").flatMap(BootedSlot::slotOfEntryId);
            if (selected.isPresent()) {
                return selected;
            }
        }
        return KernelCmdline.read(sys).get("bronze.slot").map(Slot::parse);
    }

    /** The slot of a Bronze entry id as systemd-boot reports it (lower-cased; counter kept before 258, stripped since). */
    static Optional<Slot> slotOfEntryId(String id) {
        return EntryName.parse(id.strip()).map(EntryName::slot);
    }
}
