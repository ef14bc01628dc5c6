package dev.bronze.bootloader.ab;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The whole A/B state a backend keeps on disk: both slots, which one the bootloader tries first
 * ({@code next}), and a generation that grows with every change of {@code next}.
 */
public record AbState(Map<Slot, SlotInfo> slots, Slot next, long generation) {

    public AbState {
        EnumMap<Slot, SlotInfo> m = new EnumMap<>(Slot.class);
        for (Slot s : Slot.values()) {
            m.put(s, slots.getOrDefault(s, SlotInfo.empty(s)));
        }
        slots = java.util.Collections.unmodifiableMap(m);
    }

    public SlotInfo slot(Slot s) {
        return slots.get(s);
    }

    public AbState with(SlotInfo info) {
        EnumMap<Slot, SlotInfo> m = new EnumMap<>(slots);
        m.put(info.slot(), info);
        return new AbState(m, next, generation);
    }

    public AbState withNext(Slot s, long gen) {
        return new AbState(slots, s, gen);
    }

    /** The slot the bootloader boots when a trial fails: the good one that is not next, or next itself when good. */
    public Optional<Slot> fallback() {
        if (slot(next.other()).isGood()) {
            return Optional.of(next.other());
        }
        return slot(next).isGood() ? Optional.of(next) : Optional.empty();
    }

    /** The slot that actually boots next when every trial has failed or is exhausted. */
    public Slot effectiveNext() {
        SlotInfo n = slot(next);
        if (n.isGood() || (n.state() == SlotState.TRIAL && n.triesLeft() > 0)) {
            return next;
        }
        return fallback().orElse(next);
    }

    /** Before an upgrade writes {@code target}: the target emptied, and next moved off it when it was next. */
    public AbState cleared(Slot target) {
        AbState c = with(SlotInfo.empty(target));
        return next == target || !slot(next).isGood() ? c.withNext(target.other(), generation + 1) : c;
    }

    /** After confirm: the trial is known-good, still next. */
    public AbState confirmed(Slot s) {
        return with(slot(s).withState(SlotState.GOOD, 0));
    }

    /** After reject: the trial is bad and the other slot boots next. */
    public AbState rejected(Slot s) {
        return with(slot(s).withState(SlotState.BAD, 0)).withNext(s.other(), generation + 1);
    }

    /** After rollback: {@code to} boots next. */
    public AbState rolledBackTo(Slot to) {
        return withNext(to, generation + 1);
    }
}
