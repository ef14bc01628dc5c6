package dev.bronze.platform.http;

/** The outcome of one call through {@link MetadataHttp}, after retries. */
public sealed interface HttpResult {

    /** A response the table calls OK. */
    record Ok(Response response) implements HttpResult {
    }

    /** The table says the resource is absent (a user-data 404, Hetzner's 204). */
    record Absent(int status, String reason) implements HttpResult {
    }

    /** A token verdict (REFRESH_TOKEN, FALLBACK) that the caller's token flow handles. */
    record Signal(Verdict verdict, Response response) implements HttpResult {
    }

    /** Gave up: a fatal status, an oversized body, or the deadline passed; {@code cause} is the last reason. */
    record Failed(String cause, boolean fatal) implements HttpResult {
    }
}
