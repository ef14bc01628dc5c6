package dev.bronze.platform.decode;

import java.util.ArrayList;
import java.util.List;

/** How fetched bytes were turned into the user-data: the steps in order ({@code base64}, {@code gzip}, {@code zstd}). */
public record Decoding(List<String> steps) {

    public static final Decoding NONE = new Decoding(List.of());

    public Decoding {
        steps = List.copyOf(steps);
    }

    public static Decoding of(String... steps) {
        return new Decoding(List.of(steps));
    }

    public Decoding then(Decoding more) {
        List<String> s = new ArrayList<>(steps);
        s.addAll(more.steps);
        return new Decoding(s);
    }

    public Decoding then(String step) {
        return then(of(step));
    }

    /** {@code base64+gzip}, or {@code none}. */
    @Override
    public String toString() {
        return steps.isEmpty() ? "none" : String.join("+", steps);
    }
}
