package dev.bronze.bootloader.sdboot;

import dev.bronze.bootloader.ab.Slot;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file name of a Bronze loader entry: {@code bronze-<generation>-<slot>[+LEFT-DONE].conf}.
 *
 * <p>systemd-boot sorts entries without a sort-key by entry id, descending by version compare, and
 * puts entries with no tries left last. A zero-padded generation therefore says which slot boots
 * next; raising it with a rename is how Bronze changes that, so no pinned default (which would win
 * over a bad entry, systemd#15667) is ever needed. Counters are one digit and always written as
 * {@code +N-0} so that sd-boot's renames keep the name's length (one FAT directory slot set).
 */
public record EntryName(long generation, Slot slot, Optional<Counter> counter) {

    /** Boot counting state: tries left and tries done. */
    public record Counter(int left, int done) {
    }

    static final int GENERATION_DIGITS = 5;
    public static final long MAX_GENERATION = 99_999;

    private static final Pattern NAME = Pattern.compile(
            "bronze-(\\d{" + GENERATION_DIGITS + "})-([ab])(?:\\+(\\d+)(?:-(\\d+))?)?\\.conf", Pattern.CASE_INSENSITIVE);

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
        return Optional.of(new EntryName(Long.parseLong(m.group(1)), Slot.parse(m.group(2)), c));
    }

    public String fileName() {
        String base = String.format(Locale.ROOT, "bronze-%05d-%s", generation, slot.name().toLowerCase(Locale.ROOT));
        return counter.map(c -> base + "+" + c.left() + "-" + c.done()).orElse(base) + ".conf";
    }

    public boolean isBad() {
        return counter.isPresent() && counter.get().left() == 0;
    }

    public EntryName withCounter(Optional<Counter> c) {
        return new EntryName(generation, slot, c);
    }

    public EntryName withGeneration(long g) {
        return new EntryName(g, slot, counter);
    }
}
