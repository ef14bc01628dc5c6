package dev.bronze.hardware.modalias;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * kmod's answer for one modalias.
 *
 * @param modalias the string asked about
 * @param matches what {@code modprobe -R} prints, in its order, a module repeated when several of
 *     its aliases match (kmod lists it once per matching alias)
 */
public record Resolution(String modalias, List<ModuleMatch> matches) {

    public Resolution {
        matches = List.copyOf(matches);
    }

    /** Module names in kmod's order, each once (the first position kept). */
    public List<String> modules() {
        Set<String> s = new LinkedHashSet<>();
        for (ModuleMatch m : matches) {
            s.add(m.module());
        }
        return List.copyOf(s);
    }

    /** Exactly the lines {@code modprobe -R} prints, duplicates included. */
    public List<String> modprobeLines() {
        List<String> out = new ArrayList<>(matches.size());
        for (ModuleMatch m : matches) {
            out.add(m.module());
        }
        return out;
    }

    /** The modules {@code modprobe ALIAS} would actually load: blacklisted ones dropped, each once. */
    public List<String> loadable() {
        Set<String> s = new LinkedHashSet<>();
        for (ModuleMatch m : matches) {
            if (!m.blacklisted()) {
                s.add(m.module());
            }
        }
        return List.copyOf(s);
    }

    public boolean isEmpty() {
        return matches.isEmpty();
    }
}
