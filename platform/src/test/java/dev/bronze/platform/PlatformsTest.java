package dev.bronze.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Detection uses the static {@link Platforms#builtIn()} list instead of scanning with
 * ServiceLoader; the registration file stays the declared source of truth, so the two must name
 * the same classes in the same (tie-break) order.
 */
class PlatformsTest {

    static final String SERVICES = "META-INF/services/dev.bronze.platform.Platform";

    @Test
    void staticListIsExactlyTheServiceRegistrationInOrder() throws IOException {
        List<String> registered = new ArrayList<>();
        try (InputStream in = Platforms.class.getClassLoader().getResourceAsStream(SERVICES)) {
            assertThat(in).as(SERVICES).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int hash = line.indexOf('#');
                String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (!name.isEmpty()) {
                    registered.add(name);
                }
            }
        }
        List<String> builtIn = new ArrayList<>();
        for (Platform p : Platforms.builtIn()) {
            builtIn.add(p.getClass().getName());
        }
        assertThat(builtIn).containsExactlyElementsOf(registered);

        List<String> loaded = new ArrayList<>();
        for (Platform p : ServiceLoader.load(Platform.class, Platforms.class.getClassLoader())) {
            loaded.add(p.getClass().getName());
        }
        assertThat(builtIn).containsExactlyElementsOf(loaded);
    }

    @Test
    void idsAreUniqueAndTheStandardDetectorUsesTheList() {
        List<String> ids = new ArrayList<>();
        for (Platform p : Platforms.builtIn()) {
            ids.add(p.id());
        }
        assertThat(ids).doesNotHaveDuplicates().contains("metal");
        assertThat(Detector.standard().ids()).isEqualTo(ids);
    }
}
