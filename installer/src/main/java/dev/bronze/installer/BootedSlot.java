package dev.bronze.installer;

import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.efi.EfiVariables;
import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.KernelCmdline;
import java.util.Locale;
import java.util.Optional;

/**
 * Which slot the running system booted from, when {@code disk} is the disk it booted from: the
 * {@code bronze.slot=} that every Bronze entry carries, trusted only when the firmware's
 * {@code LoaderDevicePartUUID} names this disk's ESP (or, without UEFI, the kernel was started by
 * Bronze's own GRUB or Pi firmware entry and nothing says otherwise).
 */
public final class BootedSlot {

    private BootedSlot() {
    }

    public static Optional<Slot> of(SysRoot sys, BootDisk disk) {
        Optional<Slot> fromCmdline = KernelCmdline.read(sys).get("bronze.slot").map(Slot::parse);
        if (fromCmdline.isEmpty()) {
            return Optional.empty();
        }
        EfiVariables efi = new EfiVariables(sys, EfiVariables.ImmutableFlag.NONE);
        Optional<String> loaderEsp = efi.readString("LoaderDevicePartUUID");
        if (loaderEsp.isPresent() && disk.partitions().bootGuid().isPresent()) {
            boolean same = loaderEsp.get().strip().toLowerCase(Locale.ROOT)
                    .equals(disk.partitions().bootGuid().get().toString().toLowerCase(Locale.ROOT));
            return same ? fromCmdline : Optional.empty();
        }
        return fromCmdline;
    }
}
