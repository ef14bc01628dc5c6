package dev.bronze.platform.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to a metadata service. {@code accept} lists the media types the caller can
 * parse (empty: any); a 200 carrying another type (a captive portal's HTML, a proxy's error page)
 * is treated as a transient fault rather than parsed.
 */
public record Request(String method, URI uri, Map<String, String> headers, byte[] body, String accept) {

    public Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        accept = accept == null ? "" : accept;
    }

    public static Request get(URI uri) {
        return new Request("GET", uri, Map.of(), null, "");
    }

    public Request header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Request(method, uri, h, body, accept);
    }

    public Request headers(Map<String, String> more) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(more);
        return new Request(method, uri, h, body, accept);
    }

    public Request method(String m, byte[] b) {
        return new Request(m, uri, headers, b, accept);
    }

    /** Only these media types (comma-separated prefixes such as {@code application/json}) are parsed. */
    public Request accepting(String mediaTypes) {
        return new Request(method, uri, headers, body, mediaTypes);
    }

    public Request uri(URI u) {
        return new Request(method, u, headers, body, accept);
    }

    /** Where the request goes, for messages: never the query, which may carry identifiers. */
    public String where() {
        return method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }
}
