package dev.bronze.platform.sim;

import dev.bronze.platform.sim.MetadataSimulator.Reply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GCE metadata server as strict as the real one: 403 without {@code Metadata-Flavor: Google}
 * or with {@code X-Forwarded-For}; every answer carries {@code Metadata-Flavor: Google}; JSON
 * only with {@code alt=json}.
 */
public final class GcpSimulator {

    private final Map<String, String> text = new ConcurrentHashMap<>();
    private final Map<String, String> json = new ConcurrentHashMap<>();

    public GcpSimulator(MetadataSimulator sim) {
        sim.rule(c -> {
            if (!"Google".equals(c.header("Metadata-Flavor")) || c.header("X-Forwarded-For") != null) {
                return Reply.status(403).with("Metadata-Flavor", "Google");
            }
            String p = c.path().replaceFirst("^/computeMetadata/v1/", "");
            boolean alt = c.query() != null && c.query().contains("alt=json");
            if (alt && json.containsKey(p)) {
                return Reply.json(json.get(p)).with("Metadata-Flavor", "Google");
            }
            String v = text.get(p);
            return v == null ? Reply.status(404).with("Metadata-Flavor", "Google")
                    : Reply.ok(v).with("Metadata-Flavor", "Google");
        });
    }

    public GcpSimulator put(String path, String value) {
        text.put(path, value);
        return this;
    }

    public GcpSimulator putJson(String path, String value) {
        json.put(path, value);
        return this;
    }
}
