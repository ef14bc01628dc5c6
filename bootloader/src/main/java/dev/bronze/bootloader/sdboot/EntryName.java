package dev.bronze.bootloader.sdboot;

import dev.bronze.bootloader.ab.Slot;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file name of a Bronze loader entry: {@code bronze-<generation>-<slot>[+LEFT-DONE].conf} in
 * {@code loader/entries} (Type #1), or {@code .efi} in {@code EFI/Linux} (a Type #2 unified kernel
 * image, whose file name is its entry id).
 *
 * <p>systemd-boot sorts entries without a sort-key by entry id, descending by version compare, and
 * puts entries with no tries left last. A zero-padded generation therefore says which slot boots
 * next; raising it with a rename is how Bronze changes that, so no pinned default (which would win
 * over a bad entry, systemd#15667) is ever needed. Counters are one digit and always written as
 * {@code +N-0} so that sd-boot's renames keep the name's length (one FAT directory slot set).
 */
public record EntryName(long generation, Slot slot, Optional<Counter> counter, Kind kind) {

    /** Boot Loader Specification entry types, by where they live and how their names end. */
    public enum Kind {
        TYPE1("loader/entries", ".conf"),
        TYPE2("EFI/Linux", ".efi");

        private final String dir;
        private final String suffix;

        Kind(String dir, String suffix) {
            this.dir = dir;
            this.suffix = suffix;
        }

        public String dir() {
            return dir;
        }

        public String suffix() {
            return suffix;
        }
    }

    public EntryName(long generation, Slot slot, Optional<Counter> counter) {
        this(generation, slot, counter, Kind.TYPE1);
    }

    /** Boot counting state: tries left and tries done. */
    public record Counter(int left, int done) {
    }

    static final int GENERATION_DIGITS = 5;
    public static final long MAX_GENERATION = 99_999;

    private static final Pattern NAME = Pattern.compile(
            "bronze-(\\d{" + GENERATION_DIGITS + "})-([ab])(?:\\+(\\d+)(?:-(\\d+))?)?\\.(conf|efi)", Pattern.CASE_INSENSITIVE);

    public static Optional<EntryName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<Counter> c = Optional.empty();
        if (m.group(3) != null) {
            try {
                int left = Integer.parseInt(m.group(3));
                int done = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
                c = Optional.of(new Counter(left, done));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        Kind kind = m.group(5).equalsIgnoreCase("efi") ? Kind.TYPE2 : Kind.TYPE1;
        return Optional.of(new EntryName(Long.parseLong(m.group(1)), Slot.parse(m.group(2)), c, kind));
    }

    /** Parses a name found in {@code kind}'s directory; a Type #1 name in EFI/Linux is not an entry, and vice versa. */
    public static Optional<EntryName> parse(String fileName, Kind kind) {
        return parse(fileName).filter(n -> n.kind() == kind);
    }

    /** The name without a counter or suffix: what the entry is called whatever its boot-counting state. */
    public String base() {
        return String.format(Locale.ROOT, "bronze-%05d-%s", generation, slot.name().toLowerCase(Locale.ROOT));
    }

    public String fileName() {
        return counter.map(c -> base() + "+" + c.left() + "-" + c.done()).orElse(base()) + kind.suffix();
    }

    /** The path from the ESP's root. */
    public String path() {
        return kind.dir() + "/" + fileName();
    }

    public boolean isBad() {
        return counter.isPresent() && counter.get().left() == 0;
    }

    public EntryName withCounter(Optional<Counter> c) {
        return new EntryName(generation, slot, c, kind);
    }

    public EntryName withGeneration(long g) {
        return new EntryName(g, slot, counter, kind);
    }
}
