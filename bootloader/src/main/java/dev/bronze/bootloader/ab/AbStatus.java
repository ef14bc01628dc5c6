package dev.bronze.bootloader.ab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code status} reports (ARCHITECTURE.md): the bootloader, the booted slot (from
 * {@code bronze.slot=} on a running node, else what the bootloader's own state shows as last
 * tried, else null), the slot that boots next, and both slots.
 */
public record AbStatus(String bootloader, Slot booted, Slot next, AbState state) {

    /** The JSON shape of ARCHITECTURE.md, as ordered maps so any JSON writer keeps the key order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bootloader", bootloader);
        m.put("booted", booted == null ? null : booted.name());
        m.put("next", next.name());
        List<Map<String, Object>> slots = new ArrayList<>();
        for (Slot s : Slot.values()) {
            SlotInfo i = state.slot(s);
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("name", s.name());
            sm.put("version", i.version());
            sm.put("state", i.state().json());
            sm.put("triesLeft", i.triesLeft());
            slots.add(sm);
        }
        m.put("slots", slots);
        return m;
    }
}
