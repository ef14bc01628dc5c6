package dev.bronze.bootloader.ab;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.ExitCode;
import java.io.IOException;
import java.util.Optional;

/**
 * The A/B operations of ARCHITECTURE.md over one backend: checks each change against
 * {@link AbPolicy}, then lets the backend write it in its power-safe order.
 *
 * <p>{@code booted} is the slot the running system came from ({@code bronze.slot=} on its kernel
 * command line) when the disk is the system disk of a running node; empty for an image.
 */
public final class AbController {

    private final AbBackend backend;
    private final Optional<Slot> booted;

    public AbController(AbBackend backend, Optional<Slot> booted) {
        this.backend = backend;
        this.booted = booted;
    }

    public AbBackend backend() {
        return backend;
    }

    public AbStatus status() throws IOException {
        AbState s = read();
        Optional<Slot> b = booted.isPresent() ? booted : backend.lastTried();
        return new AbStatus(backend.name(), b.orElse(null), s.effectiveNext(), s);
    }

    /**
     * The backend's state, with one correction for the running system: a bootloader that counts
     * tries down before it starts an entry (systemd-boot renames {@code +1-0} to {@code +0-1})
     * leaves the entry of the last try looking exhausted while that try is running. When the slot
     * we booted is exactly the one the bootloader last tried, that try is in progress: it is a
     * trial with no tries left (boot-check must arm the watchdog, and a healthy boot must be
     * confirmable), not a bad slot. Without a known booted slot (an image on the host) the
     * backend's reading stands.
     */
    private AbState read() throws IOException {
        AbState s = backend.read();
        if (booted.isPresent() && s.slot(booted.get()).state() == SlotState.BAD
                && backend.lastTried().equals(booted)) {
            return s.with(s.slot(booted.get()).withState(SlotState.TRIAL, 0));
        }
        return s;
    }

    public SlotInfo install(BootPayload payload, String version, String cmdline) throws IOException {
        AbPolicy.checkVersion(version);
        SlotInfo a = new SlotInfo(Slot.A, version, SlotState.GOOD, 0, payload.kind(), KernelArgs.forSlot(Slot.A, cmdline));
        backend.install(a, payload);
        return a;
    }

    /** Upgrades the slot AbPolicy picks; a null {@code cmdline} keeps the known-good slot's arguments. */
    public SlotInfo upgrade(BootPayload payload, String version, String cmdline, int tries) throws IOException {
        AbPolicy.checkVersion(version);
        AbPolicy.checkTries(tries);
        AbState s = backend.read();
        if (!s.slot(Slot.A).isGood() && !s.slot(Slot.B).isGood()) {
            throw new BootloaderException("no known-good slot on this disk: install first");
        }
        Slot target = AbPolicy.upgradeTarget(s, booted);
        AbPolicy.refuseBooted(target, booted);
        if (cmdline == null) {
            // Keep the user's arguments of the known-good slot, without the ones Bronze adds itself.
            cmdline = String.join(" ", s.slot(target.other()).cmdline().stream()
                    .filter(a -> !a.startsWith("bronze.slot=") && !a.equals(KernelArgs.DEFAULT_PANIC)).toList());
        }
        SlotInfo trial = new SlotInfo(target, version, SlotState.TRIAL, tries, payload.kind(), KernelArgs.forSlot(target, cmdline));
        backend.upgrade(s, trial, payload);
        return trial;
    }

    /** Confirms the booted trial; a no-op (empty) when the booted slot is already known-good. */
    public Optional<Slot> confirm() throws IOException {
        AbState s = read();
        Optional<Slot> t = AbPolicy.trialSlot(s, booted);
        if (t.isEmpty()) {
            if (booted.isPresent() && s.slot(booted.get()).isGood()) {
                return Optional.empty();
            }
            throw new BootloaderException(ExitCode.REFUSED, booted.map(b -> "the booted slot " + b + " is "
                    + s.slot(b).state().json() + ", not a trial to confirm").orElse("there is no trial to confirm"));
        }
        backend.confirm(s, t.get());
        return t;
    }

    public Slot reject() throws IOException {
        AbState s = read();
        Slot t = AbPolicy.trialSlot(s, booted).orElseThrow(() -> new BootloaderException(ExitCode.REFUSED,
                "there is no trial to reject" + booted.map(b -> " (the booted slot " + b + " is " + s.slot(b).state().json() + ")").orElse("")));
        if (!s.slot(t.other()).isGood()) {
            throw new BootloaderException(ExitCode.REFUSED, "slot " + t.other() + " is not known-good: rejecting slot " + t
                    + " would leave nothing to boot");
        }
        backend.reject(s, t);
        return t;
    }

    public Slot rollback() throws IOException {
        AbState s = backend.read();
        Slot to = AbPolicy.rollbackTarget(s, booted);
        if (s.effectiveNext() == to) {
            return to;
        }
        backend.rollback(s, to);
        return to;
    }
}
