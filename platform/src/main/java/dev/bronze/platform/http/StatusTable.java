package dev.bronze.platform.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which HTTP status means what, for one endpoint. The same status means different things on
 * different services (a 404 is "no user-data" on AWS but "not provisioned yet" on Azure IMDS), so
 * every endpoint carries its own table. The tables are the documentation too: {@link #markdown()}
 * renders the rows that docs/userdata.md shows, and a test keeps the two equal.
 *
 * <p>Lookup order: the exact status, then its class ({@code 5xx}), then the default.
 */
public record StatusTable(String endpoint, Map<Integer, Row> exact, Map<Integer, Row> classes, Row other) {

    /** One row: the verdict and, for FATAL, the message the user reads. */
    public record Row(Verdict verdict, String note) {
        public Row {
            Objects.requireNonNull(verdict);
            note = note == null ? "" : note;
        }
    }

    public StatusTable {
        exact = Map.copyOf(exact);
        classes = Map.copyOf(classes);
        Objects.requireNonNull(other);
    }

    public static Builder of(String endpoint) {
        return new Builder(endpoint);
    }

    public Row row(int status) {
        Row r = exact.get(status);
        if (r == null) {
            r = classes.get(status / 100);
        }
        return r == null ? other : r;
    }

    public Verdict verdict(int status) {
        return row(status).verdict();
    }

    /** The table as Markdown: {@code | status | meaning |} rows in ascending order, then classes, then the default. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(endpoint).append(" | meaning |\n|---|---|\n");
        exact.keySet().stream().sorted().forEach(k -> appendRow(sb, String.valueOf(k), exact.get(k)));
        classes.keySet().stream().sorted().forEach(k -> appendRow(sb, k + "xx", classes.get(k)));
        appendRow(sb, "other", other);
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String key, Row r) {
        sb.append("| ").append(key).append(" | ").append(r.verdict().meaning());
        if (!r.note().isEmpty()) {
            sb.append(" (").append(r.note()).append(')');
        }
        sb.append(" |\n");
    }

    public static final class Builder {
        private final String endpoint;
        private final Map<Integer, Row> exact = new LinkedHashMap<>();
        private final Map<Integer, Row> classes = new LinkedHashMap<>();
        private Row other = new Row(Verdict.RETRY, "");

        Builder(String endpoint) {
            this.endpoint = endpoint;
        }

        public Builder on(Verdict v, int... statuses) {
            for (int s : statuses) {
                exact.put(s, new Row(v, ""));
            }
            return this;
        }

        public Builder on(int status, Verdict v, String note) {
            exact.put(status, new Row(v, note));
            return this;
        }

        /** {@code klass} is the hundreds digit: 5 for 5xx. */
        public Builder onClass(int klass, Verdict v) {
            classes.put(klass, new Row(v, ""));
            return this;
        }

        public Builder otherwise(Verdict v, String note) {
            other = new Row(v, note);
            return this;
        }

        public StatusTable build() {
            return new StatusTable(endpoint, exact, classes, other);
        }
    }

    /** All the tables a platform uses, in a stable order for the docs. */
    public static String markdown(List<StatusTable> tables) {
        List<String> parts = new ArrayList<>();
        for (StatusTable t : tables) {
            parts.add(t.markdown());
        }
        return String.join("\n", parts);
    }
}
