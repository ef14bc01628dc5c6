package dev.bronze.bootloader.ab;

/** One of the two boot slots. */
public enum Slot {
    A, B;

    public Slot other() {
        return this == A ? B : A;
    }

    /** Parses "A"/"a"/"B"/"b"; null for anything else. */
    public static Slot parse(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "A" -> A;
            case "B" -> B;
            default -> null;
        };
    }
}
