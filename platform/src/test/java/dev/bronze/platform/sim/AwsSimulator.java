package dev.bronze.platform.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.platform.sim.MetadataSimulator.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * EC2 IMDS as strict as the real one: a token PUT needs the TTL header (400 without, 403 when the
 * endpoint is disabled), GETs need a valid token when IMDSv2 is required (401 otherwise, also for a
 * stale token), directories list their children one a line with a trailing slash on sub-trees.
 */
public final class AwsSimulator {

    public enum Mode { V2_REQUIRED, V2_OPTIONAL, V1_ONLY, DISABLED }

    private final MetadataSimulator sim;
    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, byte[]> raw = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile Mode mode = Mode.V2_REQUIRED;

    public AwsSimulator(MetadataSimulator sim) {
        this.sim = sim;
        sim.rule(c -> {
            if (c.path().equals("/latest/api/token")) {
                return token(c);
            }
            if (!c.method().equals("GET")) {
                return Reply.status(405);
            }
            if (mode == Mode.DISABLED) {
                return Reply.status(403);
            }
            String t = c.header("X-aws-ec2-metadata-token");
            if (t != null && !tokens.contains(t)) {
                return Reply.status(401);
            }
            if (t == null && mode == Mode.V2_REQUIRED) {
                return Reply.status(401);
            }
            return serve(c.path());
        });
    }

    public AwsSimulator mode(Mode m) {
        mode = m;
        return this;
    }

    /** Every token issued so far becomes stale, as after its TTL. */
    public void expireTokens() {
        tokens.clear();
    }

    public int tokensIssued() {
        return issued.get();
    }

    public AwsSimulator putBytes(String path, byte[] value) {
        raw.put(path, value);
        return this;
    }

    public AwsSimulator put(String path, String value) {
        values.put(path, value);
        return this;
    }

    /** The AEMM defaults: every path and value that amazon-ec2-metadata-mock serves. */
    public AwsSimulator loadAemm(Path json) throws IOException {
        JsonNode d = new ObjectMapper().readTree(json.toFile());
        for (String sec : new String[] {"metadata", "dynamic", "userdata"}) {
            JsonNode paths = d.get(sec).get("paths");
            JsonNode vals = d.get(sec).get("values");
            for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                JsonNode v = vals.get(k);
                if (v == null || v.isNull()) {
                    continue;
                }
                String value = v.isTextual() ? v.asText() : v.toString();
                if (sec.equals("userdata")) {
                    // AEMM keeps user-data base64 in its config and serves it decoded, as EC2 does.
                    value = new String(java.util.Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8);
                }
                values.put(paths.get(k).asText(), value);
            }
        }
        return this;
    }

    /** A crawled meta-data tree (cloud-init's fixtures) mounted at {@code prefix}. */
    public AwsSimulator loadTree(String prefix, JsonNode tree) {
        walk(prefix, tree);
        return this;
    }

    private void walk(String path, JsonNode n) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> walk(path + "/" + e.getKey(), e.getValue()));
        } else if (n.isArray()) {
            StringBuilder sb = new StringBuilder();
            n.forEach(x -> sb.append(sb.length() == 0 ? "" : "\n").append(x.asText()));
            values.put(path, sb.toString());
        } else if (!n.isNull()) {
            values.put(path, n.asText());
        }
    }

    private Reply token(MetadataSimulator.Call c) {
        if (!c.method().equals("PUT")) {
            return Reply.status(405);
        }
        return switch (mode) {
            case DISABLED -> Reply.status(403);
            case V1_ONLY -> Reply.status(404);
            default -> {
                String ttl = c.header("X-aws-ec2-metadata-token-ttl-seconds");
                if (ttl == null || !ttl.matches("\\d+") || Long.parseLong(ttl) < 1 || Long.parseLong(ttl) > 21600) {
                    yield Reply.status(400);
                }
                String t = "AQAEA-token-" + issued.incrementAndGet();
                tokens.add(t);
                yield Reply.ok(t).with("X-aws-ec2-metadata-token-ttl-seconds", ttl);
            }
        };
    }

    private Reply serve(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (raw.containsKey(p)) {
            return Reply.ok(raw.get(p), "application/octet-stream");
        }
        String v = values.get(p);
        if (v != null) {
            return Reply.ok(v);
        }
        Set<String> children = new TreeSet<>();
        String prefix = p + "/";
        for (String k : values.keySet()) {
            if (k.startsWith(prefix)) {
                String rest = k.substring(prefix.length());
                int slash = rest.indexOf('/');
                children.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        if (children.isEmpty()) {
            return Reply.status(404);
        }
        return Reply.ok(String.join("\n", children));
    }

    public MetadataSimulator sim() {
        return sim;
    }
}
