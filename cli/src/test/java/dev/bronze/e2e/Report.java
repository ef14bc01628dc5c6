package dev.bronze.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code target/e2e/report.json} and {@code report.md}: every row and step with its verdict. */
public final class Report {

    /** One row: its steps in order and how long the row took in all. */
    public record RowResult(Row row, List<Step> steps, double seconds) {
        public RowResult {
            steps = List.copyOf(steps);
        }

        public boolean passed() {
            return !steps.isEmpty() && steps.stream().allMatch(Step::passed);
        }
    }

    private final String mode;
    private final Instant started;
    private final List<RowResult> rows = new ArrayList<>();

    /** @param mode "node" (wt/node's initramfs with the in-process agent) or "plumbing" (toolkit guest) */
    public Report(String mode, Instant started) {
        this.mode = mode;
        this.started = started;
    }

    public synchronized void add(RowResult r) {
        rows.add(r);
        rows.sort((a, b) -> Integer.compare(a.row().ordinal(), b.row().ordinal()));
    }

    public synchronized List<RowResult> rows() {
        return List.copyOf(rows);
    }

    /** Every requested row ran and every one of its steps matched. */
    public synchronized boolean passed(int requestedRows) {
        return rows.size() == requestedRows && rows.stream().allMatch(RowResult::passed);
    }

    public synchronized Map<String, Object> toJson(int requestedRows, double seconds) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("passed", passed(requestedRows));
        doc.put("mode", mode);
        doc.put("started", started.toString());
        doc.put("seconds", round(seconds));
        List<Object> rs = new ArrayList<>();
        for (RowResult r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row", r.row().id());
            row.put("arch", r.row().arch());
            row.put("firmware", r.row().firmware().name().toLowerCase(Locale.ROOT));
            row.put("bootloader", r.row().bootloader());
            row.put("platform", r.row().platform());
            row.put("passed", r.passed());
            row.put("seconds", round(r.seconds()));
            List<Object> steps = new ArrayList<>();
            for (Step s : r.steps()) {
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("step", s.name());
                st.put("expected", s.expected());
                st.put("slot", s.slot());
                st.put("version", s.version());
                st.put("platform", s.platform());
                st.put("source", s.source());
                st.put("boots", s.boots());
                st.put("seconds", round(s.seconds()));
                st.put("verdict", s.passed() ? "pass" : "fail");
                st.put("problems", s.problems());
                st.put("serial", s.passed() ? null : s.serialLog());
                steps.add(st);
            }
            row.put("steps", steps);
            rs.add(row);
        }
        doc.put("rows", rs);
        return doc;
    }

    public synchronized String toMarkdown(int requestedRows, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Bronze end-to-end matrix\n\n");
        sb.append(passed(requestedRows) ? "**All rows passed**" : "**FAILED**")
                .append(" — mode ").append(mode).append(", started ").append(started)
                .append(", ").append(fmt(seconds)).append(" s in all.\n\n");
        sb.append("| row | result | seconds |\n| --- | --- | ---: |\n");
        for (RowResult r : rows) {
            sb.append("| ").append(r.row().id()).append(" | ").append(r.passed() ? "pass" : "FAIL").append(" | ")
                    .append(fmt(r.seconds())).append(" |\n");
        }
        sb.append("\n| row | step | slot booted | expected | detected platform | source | boots | seconds | verdict |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | ---: | ---: | --- |\n");
        List<String> failures = new ArrayList<>();
        for (RowResult r : rows) {
            for (Step s : r.steps()) {
                sb.append("| ").append(cell(r.row().id())).append(" | ").append(cell(s.name())).append(" | ")
                        .append(cell(s.slot())).append(" | ").append(cell(s.expected())).append(" | ")
                        .append(cell(s.platform())).append(" | ").append(cell(s.source())).append(" | ")
                        .append(s.boots()).append(" | ").append(fmt(s.seconds())).append(" | ").append(s.verdict()).append(" |\n");
                if (!s.passed()) {
                    failures.add("- **" + r.row().id() + " / " + s.name() + "**: " + String.join("; ", s.problems())
                            + (s.serialLog() == null ? "" : " (serial log: `" + s.serialLog() + "`)"));
                }
            }
        }
        if (!failures.isEmpty()) {
            sb.append("\n## Failures\n\n").append(String.join("\n", failures)).append('\n');
        }
        return sb.toString();
    }

    /** Writes both files into {@code dir}. */
    public void write(Path dir, int requestedRows, double seconds) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path json = dir.resolve("report.json.tmp");
        Files.writeString(json, om.writeValueAsString(toJson(requestedRows, seconds)) + "\n", StandardCharsets.UTF_8);
        Files.move(json, dir.resolve("report.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("report.md"), toMarkdown(requestedRows, seconds), StandardCharsets.UTF_8);
    }

    private static String cell(String s) {
        return s == null ? "-" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static double round(double s) {
        return Math.round(s * 10) / 10.0;
    }

    private static String fmt(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }
}
