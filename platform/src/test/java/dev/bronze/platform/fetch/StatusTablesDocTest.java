package dev.bronze.platform.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.platform.http.StatusTable;
import dev.bronze.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status-code tables live in code; docs/userdata.md shows the same rows, kept equal here. */
class StatusTablesDocTest {

    static String rendered() {
        StringBuilder sb = new StringBuilder();
        for (PlatformFetcher f : Fetchers.all()) {
            if (f.statusTables().isEmpty()) {
                continue;
            }
            sb.append("### ").append(f.platform()).append("\n\n");
            for (StatusTable t : f.statusTables()) {
                sb.append(t.markdown()).append('\n');
            }
        }
        sb.append("### #include\n\n").append(ConfigAcquisition.INCLUDE.markdown()).append('\n');
        return sb.toString();
    }

    @Test
    void docsShowEveryTable() throws Exception {
        String text = rendered();
        Path target = Path.of("target/status-tables.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, text);
        String doc = Files.readString(Fixtures.repoRoot().resolve("docs/userdata.md"));
        List<String> missing = new ArrayList<>();
        for (PlatformFetcher f : Fetchers.all()) {
            for (StatusTable t : f.statusTables()) {
                if (!doc.contains(t.markdown())) {
                    missing.add(f.platform() + ": " + t.endpoint());
                }
            }
        }
        assertThat(missing).as("tables out of date in docs/userdata.md; regenerate from target/status-tables.md").isEmpty();
        assertThat(doc).contains(ConfigAcquisition.INCLUDE.markdown());
    }
}
