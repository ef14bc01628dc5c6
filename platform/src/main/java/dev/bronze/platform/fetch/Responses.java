package dev.bronze.platform.fetch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.http.HttpResult;
import dev.bronze.platform.http.MetadataHttp;
import dev.bronze.platform.http.Request;
import dev.bronze.platform.http.StatusTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Turning HTTP outcomes and response bodies into fetch results and JSON/YAML trees. */
public final class Responses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML;

    static {
        // Bound nesting and string sizes: a hostile metadata service must not exhaust the stack.
        StreamReadConstraints c = StreamReadConstraints.builder().maxNestingDepth(200)
                .maxStringLength(16 * 1024 * 1024).maxNumberLength(100).build();
        JSON.getFactory().setStreamReadConstraints(c);
        org.yaml.snakeyaml.LoaderOptions lo = new org.yaml.snakeyaml.LoaderOptions();
        lo.setMaxAliasesForCollections(50);
        lo.setNestingDepthLimit(100);
        lo.setCodePointLimit(16 * 1024 * 1024);
        lo.setAllowRecursiveKeys(false);
        YAMLFactory yf = YAMLFactory.builder().loaderOptions(lo).build();
        yf.setStreamReadConstraints(c);
        YAML = new ObjectMapper(yf);
    }

    private Responses() {
    }

    /** A user-data call: OK with content → found; ABSENT or blank → no config source; else failed. */
    public static FetchResult userData(MetadataHttp http, Request r, StatusTable t, String source) {
        return userData(http.call(r, t), source);
    }

    public static FetchResult userData(HttpResult res, String source) {
        if (res instanceof HttpResult.Ok ok) {
            return blank(ok.response().body())
                    ? new FetchResult.NoConfigSource(source + " is empty")
                    : new FetchResult.Found(ok.response().body(), Decoding.NONE, source);
        }
        if (res instanceof HttpResult.Absent a) {
            return new FetchResult.NoConfigSource(source + " is absent (" + a.reason() + ")");
        }
        if (res instanceof HttpResult.Failed f) {
            return new FetchResult.Failed(f.cause());
        }
        return new FetchResult.Failed(source + ": unexpected HTTP " + ((HttpResult.Signal) res).response().status());
    }

    /** The body of a required metadata call; absent or failed is a {@link FetchException}. */
    public static byte[] required(HttpResult res, String what) {
        if (res instanceof HttpResult.Ok ok) {
            return ok.response().body();
        }
        if (res instanceof HttpResult.Absent a) {
            throw new FetchException(what + " is absent: " + a.reason());
        }
        throw failure(res, what);
    }

    /** The body of an optional metadata call: absent is empty, failed is still a {@link FetchException}. */
    public static Optional<byte[]> optional(HttpResult res, String what) {
        if (res instanceof HttpResult.Ok ok) {
            return Optional.of(ok.response().body());
        }
        if (res instanceof HttpResult.Absent) {
            return Optional.empty();
        }
        throw failure(res, what);
    }

    private static FetchException failure(HttpResult res, String what) {
        if (res instanceof HttpResult.Failed f) {
            return new FetchException(f.cause());
        }
        return new FetchException(what + ": unexpected HTTP " + ((HttpResult.Signal) res).response().status());
    }

    public static Optional<String> optionalText(HttpResult res, String what) {
        return optional(res, what).map(b -> new String(b, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty());
    }

    public static boolean blank(byte[] b) {
        for (byte x : b) {
            if (x != ' ' && x != '\n' && x != '\r' && x != '\t' && x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Parses JSON; anything else (HTML from a captive portal, truncated text) is a clear error. */
    public static JsonNode json(byte[] body, String what) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new FetchException(what + " is empty, not JSON");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new FetchException(what + " is not valid JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new FetchException(what + " cannot be read: " + e.getMessage());
        }
    }

    /** Parses YAML (which includes JSON); the first document only. */
    public static JsonNode yaml(byte[] body, String what) {
        try {
            JsonNode n = YAML.readTree(body);
            return n == null || n.isMissingNode() ? JSON.createObjectNode() : n;
        } catch (JsonProcessingException e) {
            throw new FetchException(what + " is not valid YAML: " + oneLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            throw new FetchException(what + " cannot be parsed: " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    /** Text of a field; null when missing, null or blank. */
    public static String text(JsonNode n, String... path) {
        JsonNode c = n;
        for (String p : path) {
            if (c == null) {
                return null;
            }
            c = c.get(p);
        }
        if (c == null || c.isNull() || c.isContainerNode()) {
            return null;
        }
        String s = c.asText();
        return s.isBlank() ? null : s.strip();
    }

    private static String oneLine(String s) {
        String t = String.valueOf(s).replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) : t;
    }
}
