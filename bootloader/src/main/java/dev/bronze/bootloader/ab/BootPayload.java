package dev.bronze.bootloader.ab;

import java.nio.file.Path;

/** What an install or upgrade writes into a slot. */
public sealed interface BootPayload {

    /** A kernel and its initramfs (Boot Loader Specification Type #1 entry, or a GRUB menu entry). */
    record Kernel(Path kernel, Path initrd) implements BootPayload {
    }

    /** A unified kernel image (kernel, initrd and command line in one signed PE file). */
    record Uki(Path uki) implements BootPayload {
    }

    default SlotInfo.PayloadKind kind() {
        return this instanceof Uki ? SlotInfo.PayloadKind.UKI : SlotInfo.PayloadKind.KERNEL;
    }
}
