package dev.bronze.platform.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A complete, size-capped HTTP response; header names are compared case-insensitively. */
public record Response(int status, Map<String, String> headers, byte[] body) {

    public Response {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = h;
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** The media type without parameters, lower case; empty when the server sent none. */
    public String mediaType() {
        String ct = headers.getOrDefault("content-type", "");
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }
}
