package dev.bronze.testing.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@code guest-run} produced: its exit code (0 pass, 1 a check failed, 3 no DONE,
 * 4 QEMU failed to start), the protocol lines parsed from the serial log, and the log itself.
 */
public record GuestRun(int exitCode, List<GuestLine> lines, Path serialLog, String summary, String stderr,
        Duration elapsed) {

    public GuestRun {
        lines = List.copyOf(lines);
    }

    /** Exit code 0: BRONZE-DONE status=pass, no failed check, the expected number of boots. */
    public boolean passed() {
        return exitCode == 0;
    }

    public List<GuestLine.Boot> boots() {
        return lines.stream().filter(GuestLine.Boot.class::isInstance).map(GuestLine.Boot.class::cast).toList();
    }

    public List<GuestLine.Check> checks() {
        return lines.stream().filter(GuestLine.Check.class::isInstance).map(GuestLine.Check.class::cast).toList();
    }

    public List<GuestLine.Check> failedChecks() {
        return checks().stream().filter(c -> !c.passed()).toList();
    }

    /** The check of that name (the last one when it was reported twice). */
    public Optional<GuestLine.Check> check(String name) {
        List<GuestLine.Check> all = checks().stream().filter(c -> c.name().equals(name)).toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every BRONZE-RESULT value of the run; a key reported again keeps its last value. */
    public Map<String, String> results() {
        Map<String, String> m = new LinkedHashMap<>();
        lines.stream().filter(GuestLine.Result.class::isInstance)
                .forEach(r -> m.putAll(((GuestLine.Result) r).values()));
        return m;
    }

    public Optional<String> result(String key) {
        return Optional.ofNullable(results().get(key));
    }

    public Optional<GuestLine.Done> done() {
        GuestLine.Done last = null;
        for (GuestLine l : lines) {
            if (l instanceof GuestLine.Done d) {
                last = d;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * A report for assertion messages: the summary, every failed check and the end of the serial
     * log, so a red test in CI says what happened inside the guest.
     */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("guest-run exit ").append(exitCode).append(": ").append(summary).append('\n');
        for (GuestLine.Check c : failedChecks()) {
            b.append("  failed check ").append(c.name()).append(": ").append(c.detail()).append('\n');
        }
        if (!stderr.isBlank()) {
            b.append("  stderr: ").append(stderr.strip()).append('\n');
        }
        b.append("  serial log ").append(serialLog).append(", last lines:\n");
        try {
            List<String> log = Files.readAllLines(serialLog, java.nio.charset.StandardCharsets.ISO_8859_1);
            log.subList(Math.max(0, log.size() - 40), log.size()).forEach(l -> b.append("    | ").append(l).append('\n'));
        } catch (IOException e) {
            b.append("    (unreadable: ").append(e.getMessage()).append(")\n");
        }
        return b.toString();
    }
}
