package dev.bronze.hardware.disk.select;

import dev.bronze.hardware.disk.discovery.Disk;
import java.util.List;

/**
 * How one disk fares against a selector: the clauses it fails (empty when it matches). Whether it
 * may be written is {@link Disk#installable()}; a matching disk that is not is never selected.
 */
public record Candidate(Disk disk, List<String> mismatches) {

    public Candidate {
        mismatches = List.copyOf(mismatches);
    }

    public boolean matches() {
        return mismatches.isEmpty();
    }

    /** Matches and may be written. */
    public boolean selectable() {
        return matches() && disk.installable();
    }
}
