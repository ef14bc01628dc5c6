package dev.bronze.platform.fetch;

import dev.bronze.platform.decode.Decoding;

/**
 * How a user-data fetch ended: exactly one of found, no config source (try the next source), or
 * failed after the retry budget. ARCHITECTURE.md decision 3.
 */
public sealed interface FetchResult {

    /** The decoded user-data; {@code source} says where it came from (never its content). */
    record Found(byte[] bytes, Decoding decoding, String source) implements FetchResult {
        @Override
        public String toString() {
            return "Found[" + bytes.length + " bytes from " + source + ", decoding " + decoding + "]";
        }
    }

    /** Absent, empty, whitespace-only, not ours ({@code #cloud-config}) or not applicable. */
    record NoConfigSource(String reason) implements FetchResult {
    }

    /** Gave up: the last cause, in one line a user can act on. */
    record Failed(String cause) implements FetchResult {
    }
}
