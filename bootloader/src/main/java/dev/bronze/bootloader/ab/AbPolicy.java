package dev.bronze.bootloader.ab;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.ExitCode;
import java.util.Optional;

/**
 * The rules of the A/B model, shared by every bootloader backend: which slot an upgrade may
 * write, what confirm, reject and rollback may touch. Pure functions over {@link AbState}.
 */
public final class AbPolicy {

    public static final int DEFAULT_TRIES = 3;

    private AbPolicy() {
    }

    /** Versions are free text, but '+' would read as a boot counter and control characters break entries. */
    public static String checkVersion(String version) {
        if (version == null || version.isBlank()) {
            throw new BootloaderException(ExitCode.USAGE, "a version is required (--version V)");
        }
        if (version.length() > 64) {
            throw new BootloaderException(ExitCode.USAGE, "version is longer than 64 characters");
        }
        for (char c : version.toCharArray()) {
            if (c == '+') {
                throw new BootloaderException(ExitCode.USAGE,
                        "version '" + version + "' contains '+', which boot counting would read as a try counter");
            }
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '\\') {
                throw new BootloaderException(ExitCode.USAGE,
                        "version '" + version.replaceAll("\\p{Cntrl}", "?") + "' contains a quote, backslash or control character");
            }
        }
        return version;
    }

    public static int checkTries(int tries) {
        if (tries < 1 || tries > 9) {
            throw new BootloaderException(ExitCode.USAGE, "--tries must be a single digit from 1 to 9, not " + tries);
        }
        return tries;
    }

    /** The state right after {@code install}: the version in A, known-good, booting next. */
    public static AbState installed(SlotInfo a) {
        return new AbState(java.util.Map.of(Slot.A, a), Slot.A, 1);
    }

    /**
     * The slot an upgrade writes: never the booted one and never the only known-good one.
     * On a running node that is the slot not booted; on an image (nothing booted) the slot that
     * is not good, or when both are good the one that does not boot next.
     */
    public static Slot upgradeTarget(AbState s, Optional<Slot> booted) {
        Slot target;
        if (booted.isPresent()) {
            target = booted.get().other();
        } else if (!s.slot(Slot.A).isGood()) {
            target = Slot.A;
        } else if (!s.slot(Slot.B).isGood()) {
            target = Slot.B;
        } else {
            target = s.effectiveNext().other();
        }
        boolean onlyGood = s.slot(target).isGood() && !s.slot(target.other()).isGood();
        if (onlyGood) {
            throw new BootloaderException(ExitCode.REFUSED, "slot " + target + " holds the only known-good version ("
                    + s.slot(target).version() + "); confirm or reject the trial in slot " + target.other()
                    + " before upgrading again");
        }
        return target;
    }

    public static AbState afterUpgrade(AbState s, SlotInfo trial) {
        return s.with(trial).withNext(trial.slot(), s.generation() + 1);
    }

    /** The trial that confirm or reject acts on: the booted slot on a running node, else the one trial. */
    public static Optional<Slot> trialSlot(AbState s, Optional<Slot> booted) {
        if (booted.isPresent()) {
            return s.slot(booted.get()).state() == SlotState.TRIAL ? booted : Optional.empty();
        }
        for (Slot x : Slot.values()) {
            if (s.slot(x).state() == SlotState.TRIAL) {
                return Optional.of(x);
            }
        }
        return Optional.empty();
    }

    /** The slot rollback makes next: the other one, which must be known-good. */
    public static Slot rollbackTarget(AbState s, Optional<Slot> booted) {
        Slot from = booted.orElse(s.effectiveNext());
        Slot to = from.other();
        if (!s.slot(to).isGood()) {
            throw new BootloaderException(ExitCode.REFUSED, "cannot roll back to slot " + to + ": it is "
                    + s.slot(to).state().json() + (s.slot(to).version() == null ? "" : " (" + s.slot(to).version() + ")")
                    + ", not known-good");
        }
        return to;
    }

    /** Refuses to write the slot the running system booted from. */
    public static void refuseBooted(Slot target, Optional<Slot> booted) {
        if (booted.isPresent() && booted.get() == target) {
            throw new BootloaderException(ExitCode.REFUSED, "slot " + target + " is the booted slot: refusing to overwrite it");
        }
    }
}
