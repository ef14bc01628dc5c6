package dev.bronze.platform.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.NetworkConfig;

/** Test access to the package-private interface mapper. */
public final class GcpFetcherAccess {

    private GcpFetcherAccess() {
    }

    public static void interfaces(JsonNode n) {
        GcpFetcher.interfaces(n, NetworkConfig.builder(), Metadata.builder("gcp"));
    }
}
