package dev.bronze.platform.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.http.Deadline;
import dev.bronze.platform.http.HttpResult;
import dev.bronze.platform.http.MetadataHttp;
import dev.bronze.platform.http.Request;
import dev.bronze.platform.http.StatusTable;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A plain metadata service: one base address (rebased by {@code --endpoint}), fixed headers, one
 * deadline for all the calls of a fetch. The small clouds need nothing more.
 */
public final class MetadataService {

    private final MetadataHttp http;
    private final URI base;
    private final Map<String, String> headers;
    private final Deadline deadline;
    private final String name;

    public MetadataService(String name, MetadataHttp http, URI base, Map<String, String> headers) {
        this.name = name;
        this.http = http;
        this.base = base;
        this.headers = Map.copyOf(headers);
        this.deadline = http.deadline();
    }

    public HttpResult call(String path, StatusTable table) {
        return http.call(Request.get(URI.create(base + path)).headers(headers), table, deadline);
    }

    public HttpResult call(Request r, StatusTable table) {
        return http.call(r.headers(headers), table, deadline);
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public FetchResult userData(String path, StatusTable table) {
        return Responses.userData(call(path, table), name + " " + path);
    }

    public Optional<byte[]> optional(String path, StatusTable table) {
        return Responses.optional(call(path, table), name + " " + path);
    }

    public Optional<String> text(String path, StatusTable table) {
        return Responses.optionalText(call(path, table), name + " " + path);
    }

    public JsonNode json(String path, StatusTable table) {
        return Responses.json(Responses.required(call(path, table), name + " " + path), name + " " + path);
    }

    public JsonNode yaml(String path, StatusTable table) {
        return Responses.yaml(Responses.required(call(path, table), name + " " + path), name + " " + path);
    }

    /** The usual table of a simple service: 404 absent, 429/5xx retried. */
    public static StatusTable standard(String endpoint) {
        return StatusTable.of(endpoint)
                .on(dev.bronze.platform.http.Verdict.OK, 200)
                .on(404, dev.bronze.platform.http.Verdict.ABSENT, "not set")
                .on(dev.bronze.platform.http.Verdict.RETRY, 429)
                .onClass(5, dev.bronze.platform.http.Verdict.RETRY)
                .otherwise(dev.bronze.platform.http.Verdict.RETRY, "")
                .build();
    }
}
