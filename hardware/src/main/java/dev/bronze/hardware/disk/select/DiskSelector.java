package dev.bronze.hardware.disk.select;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.disk.discovery.Disk;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code --disk-selector EXPR}: comma-separated clauses that must all hold, for example
 * {@code type=nvme,size>=200GB,model=Samsung*}. The grammar is in {@code docs/disks-select.md}.
 *
 * <p>Unlike Talos, which takes the first disk that matches, a selector here picks a disk only
 * when exactly one installable disk matches; several matches are listed and refused. Disks that
 * are read-only, CD/DVD drives, eMMC boot areas, virtual, or in use (mounted, held by dm/md,
 * swap, the running system, the boot medium) never match, and no flag changes that.
 */
public final class DiskSelector {

    /** Bounds that keep hostile input cheap: parsing and matching are linear in these. */
    static final int MAX_LENGTH = 4096;
    static final int MAX_CLAUSES = 64;

    static final Set<String> TYPES = Set.of("ssd", "hdd", "nvme", "sd", "emmc", "usb");

    private static final Map<String, Function<Disk, String>> FIELDS = Map.of(
            "model", Disk::model,
            "vendor", Disk::vendor,
            "serial", Disk::serial,
            "wwid", Disk::wwid,
            "buspath", Disk::busPath,
            "modalias", Disk::modalias,
            "transport", d -> d.transport().label());

    /** Spellings accepted for the keys, lower-cased: Talos's YAML uses busPath. */
    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("size", "size"), Map.entry("model", "model"), Map.entry("vendor", "vendor"),
            Map.entry("serial", "serial"), Map.entry("wwid", "wwid"), Map.entry("buspath", "busPath"),
            Map.entry("bus_path", "busPath"), Map.entry("modalias", "modalias"), Map.entry("type", "type"),
            Map.entry("transport", "transport"));

    private final String expression;
    private final List<Clause> clauses;

    private DiskSelector(String expression, List<Clause> clauses) {
        this.expression = expression;
        this.clauses = List.copyOf(clauses);
    }

    /**
     * Parses a selector.
     *
     * @throws HardwareException with {@link ExitCode#USAGE}, naming the clause and the character
     *                           position (1-based, in the whole expression) of the problem
     */
    public static DiskSelector parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new HardwareException(ExitCode.USAGE, "disk selector is empty: give clauses such as type=nvme,size>=100GB");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new HardwareException(ExitCode.USAGE, "disk selector is longer than " + MAX_LENGTH + " characters");
        }
        return new Parser(expression).parse();
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    /** How each disk fares against the clauses, in the order given. */
    public List<Candidate> evaluate(List<Disk> disks) {
        List<Candidate> out = new ArrayList<>();
        for (Disk d : disks) {
            List<String> why = new ArrayList<>();
            for (Clause c : clauses) {
                c.mismatch(d).ifPresent(why::add);
            }
            out.add(new Candidate(d, why));
        }
        return out;
    }

    /**
     * The one installable disk that matches.
     *
     * @throws BronzeException {@link ExitCode#REFUSED} when several installable disks match (they
     *                         are listed) or when only disks that must not be written match;
     *                         {@link ExitCode#FAILED} when nothing matches, with each disk's reason
     */
    public Disk select(List<Disk> disks) {
        List<Candidate> all = evaluate(disks);
        List<Candidate> matching = all.stream().filter(Candidate::matches).toList();
        List<Candidate> usable = matching.stream().filter(c -> c.disk().installable()).toList();
        if (usable.size() == 1) {
            return usable.get(0).disk();
        }
        String quoted = "disk selector \"" + expression + "\"";
        if (usable.size() > 1) {
            throw BronzeException.refused(quoted + " matches " + usable.size() + " disks, refusing to choose one: "
                    + usable.stream().map(c -> describe(c.disk())).collect(Collectors.joining("; "))
                    + "; add a clause that tells them apart (serial=, wwid= or busPath=)");
        }
        if (!matching.isEmpty()) {
            throw BronzeException.refused(quoted + " matches only disks that must not be written: "
                    + matching.stream().map(c -> c.disk().devicePath() + ": " + InstallDisk.whyNot(c.disk(), false))
                            .collect(Collectors.joining("; ")));
        }
        if (all.isEmpty()) {
            throw new HardwareException(ExitCode.FAILED, quoted + " matches no disk: this machine has no disks");
        }
        throw new HardwareException(ExitCode.FAILED, "no disk matches " + quoted + ": "
                + all.stream().map(c -> c.disk().devicePath() + ": " + String.join(", ", c.mismatches()))
                        .collect(Collectors.joining("; ")));
    }

    /** A disk in one line, with what tells it apart from others of its kind. */
    static String describe(Disk d) {
        StringBuilder s = new StringBuilder(d.devicePath()).append(" (").append(d.type()).append(", ")
                .append(ByteSize.human(d.sizeBytes()));
        if (!d.model().isEmpty()) {
            s.append(", model ").append(d.model());
        }
        if (!d.serial().isEmpty()) {
            s.append(", serial ").append(d.serial());
        }
        if (!d.wwid().isEmpty()) {
            s.append(", wwid ").append(d.wwid());
        }
        if (!d.busPath().isEmpty()) {
            s.append(", busPath ").append(d.busPath());
        }
        return s.append(')').toString();
    }

    @Override
    public String toString() {
        return expression;
    }

    /** A recursive-descent reader over the expression that keeps character positions for errors. */
    private static final class Parser {
        private final String src;
        private int pos;
        private int clauseNo;
        private int clauseStart;

        Parser(String src) {
            this.src = src;
        }

        DiskSelector parse() {
            List<Clause> clauses = new ArrayList<>();
            while (true) {
                clauseNo++;
                if (clauseNo > MAX_CLAUSES) {
                    throw error("more than " + MAX_CLAUSES + " clauses");
                }
                skipSpaces();
                clauseStart = pos;
                clauses.add(clause());
                skipSpaces();
                if (pos >= src.length()) {
                    return new DiskSelector(src, clauses);
                }
                if (src.charAt(pos) != ',') {
                    throw error("expected ',' before the next clause, found '" + src.charAt(pos) + "'");
                }
                pos++;
            }
        }

        private Clause clause() {
            int keyStart = pos;
            while (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            String key = src.substring(keyStart, pos);
            if (key.isEmpty()) {
                if (pos >= src.length() || src.charAt(pos) == ',') {
                    throw error("empty clause");
                }
                throw error("expected a key (size, model, serial, wwid, busPath, modalias, type, transport, vendor), found '"
                        + src.charAt(pos) + "'");
            }
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.equals("name")) {
                pos = keyStart;
                throw error("selecting by name is not supported: kernel names (sda, nvme0n1) change from boot to boot; "
                        + "use serial=, wwid= or busPath=");
            }
            String canonical = KEYS.get(lower);
            if (canonical == null) {
                pos = keyStart;
                throw error("unknown key \"" + key + "\" (known: size, model, serial, wwid, busPath, modalias, type, transport, vendor)");
            }
            skipSpaces();
            int opAt = pos;
            Clause.Op op = operator();
            if (op == null) {
                throw error("expected an operator (=, !=, <, <=, >, >=) after \"" + key + "\"");
            }
            skipSpaces();
            int valueAt = pos;
            String value = value();
            if (value == null) {
                throw error(canonical.equals("size") ? "expected a size after " + op.symbol + ", as 20GB"
                        : "empty value (write \"\" to match an unknown field)");
            }
            String text = src.substring(clauseStart, pos).strip();
            switch (canonical) {
                case "size" -> {
                    ByteSize.Parsed size = ByteSize.parse(value);
                    if (size.bytes() == null) {
                        pos = valueAt;
                        throw error(size.error());
                    }
                    return new Clause.Size(text, op, size.bytes(), value.strip());
                }
                case "type" -> {
                    requireEquality(op, opAt, key);
                    Set<String> words = new LinkedHashSet<>();
                    for (String w : value.split("\\|", -1)) {
                        String t = w.strip().toLowerCase(Locale.ROOT);
                        if (!TYPES.contains(t)) {
                            pos = valueAt;
                            throw error("unknown type \"" + w.strip() + "\" (known: ssd, hdd, nvme, sd, emmc, usb; several as ssd|nvme)");
                        }
                        words.add(t);
                    }
                    return new Clause.Type(text, op == Clause.Op.NE, words);
                }
                default -> {
                    requireEquality(op, opAt, key);
                    Glob glob;
                    try {
                        glob = Glob.compile(value);
                    } catch (IllegalArgumentException e) {
                        pos = valueAt;
                        throw error(e.getMessage());
                    }
                    return new Clause.Field(text, canonical, op == Clause.Op.NE, glob, FIELDS.get(canonical.toLowerCase(Locale.ROOT)));
                }
            }
        }

        private void requireEquality(Clause.Op op, int opAt, String key) {
            if (op != Clause.Op.EQ && op != Clause.Op.NE) {
                pos = opAt;
                throw error("\"" + key + "\" takes = or != (a pattern), not " + op.symbol);
            }
        }

        private Clause.Op operator() {
            if (pos >= src.length()) {
                return null;
            }
            String two = src.substring(pos, Math.min(src.length(), pos + 2));
            for (String[] o : new String[][] {{"==", "EQ"}, {"!=", "NE"}, {"<=", "LE"}, {">=", "GE"}}) {
                if (two.equals(o[0])) {
                    pos += 2;
                    return Clause.Op.valueOf(o[1]);
                }
            }
            char c = src.charAt(pos);
            Clause.Op op = switch (c) {
                case '=' -> Clause.Op.EQ;
                case '<' -> Clause.Op.LT;
                case '>' -> Clause.Op.GT;
                default -> null;
            };
            if (op != null) {
                pos++;
            }
            return op;
        }

        /** A double-quoted string (with \") or everything up to the next comma, trimmed; null when nothing is there. */
        private String value() {
            if (pos < src.length() && src.charAt(pos) == '"') {
                int open = pos;
                StringBuilder s = new StringBuilder();
                pos++;
                while (true) {
                    if (pos >= src.length()) {
                        pos = open;
                        throw error("unterminated quote");
                    }
                    char c = src.charAt(pos++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\' && pos < src.length()) {
                        // \" is a quote; any other escape is left for the glob (\* is a literal star).
                        char next = src.charAt(pos++);
                        if (next != '"') {
                            s.append(c);
                        }
                        c = next;
                    }
                    s.append(c);
                }
                skipSpaces();
                if (pos < src.length() && src.charAt(pos) != ',') {
                    throw error("unexpected '" + src.charAt(pos) + "' after the closing quote");
                }
                return s.toString();
            }
            int start = pos;
            while (pos < src.length() && src.charAt(pos) != ',') {
                if (src.charAt(pos) == '"') {
                    throw error("a quote inside a value: quote the whole value, as model=\"Samsung SSD*\"");
                }
                pos++;
            }
            String v = src.substring(start, pos).strip();
            if (v.isEmpty()) {
                pos = start;
                return null;
            }
            return v;
        }

        private void skipSpaces() {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        }

        private HardwareException error(String what) {
            int end = src.indexOf(',', clauseStart);
            String clause = src.substring(Math.min(clauseStart, src.length()), end < 0 ? src.length() : end).strip();
            return new HardwareException(ExitCode.USAGE, "disk selector, clause " + clauseNo
                    + (clause.isEmpty() ? "" : " \"" + clause + "\"") + ", at character " + (pos + 1) + ": " + what);
        }
    }
}
