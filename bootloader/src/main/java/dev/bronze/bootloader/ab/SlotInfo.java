package dev.bronze.bootloader.ab;

import java.util.List;

/**
 * One slot as the A/B model sees it: what is installed there, its state, and the kernel
 * arguments its entry carries ({@code bronze.slot=} and {@code panic=} included).
 */
public record SlotInfo(Slot slot, String version, SlotState state, int triesLeft, PayloadKind payload, List<String> cmdline) {

    /** Whether the slot boots a kernel + initrd or a unified kernel image. */
    public enum PayloadKind {
        KERNEL, UKI, NONE
    }

    public SlotInfo {
        cmdline = List.copyOf(cmdline);
        if (triesLeft < 0 || triesLeft > 9) {
            throw new IllegalArgumentException("tries must be a single digit, not " + triesLeft);
        }
    }

    public static SlotInfo empty(Slot slot) {
        return new SlotInfo(slot, null, SlotState.EMPTY, 0, PayloadKind.NONE, List.of());
    }

    public SlotInfo withState(SlotState s, int tries) {
        return new SlotInfo(slot, version, s, tries, payload, cmdline);
    }

    public boolean isGood() {
        return state == SlotState.GOOD;
    }
}
