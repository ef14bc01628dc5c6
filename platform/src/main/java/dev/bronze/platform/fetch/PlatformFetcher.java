package dev.bronze.platform.fetch;

import dev.bronze.platform.http.StatusTable;
import java.util.List;

/**
 * User-data and metadata of one platform, found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.bronze.platform.fetch.PlatformFetcher}. Implementations take every
 * address, clock, transport and volume from the {@link FetchContext}: none reaches the machine or
 * the network by itself.
 */
public interface PlatformFetcher {

    /** The platform id as {@code talos.platform=} spells it ({@code aws}, {@code digital-ocean}, ...). */
    String platform();

    /** Other accepted spellings ({@code packet} for {@code equinixMetal}). */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * The raw user-data of the platform's own sources. Inline cmdline configs, gzip, whitespace,
     * {@code #cloud-config} and {@code #include} are handled by {@link ConfigAcquisition}.
     */
    FetchResult userData(FetchContext ctx);

    /**
     * Tells the platform how configuration went, where it wants to know (Azure: the wireserver
     * Ready/NotReady report without which provisioning times out). Returns a problem to show the
     * user, if any; it never changes the outcome of the fetch.
     */
    default java.util.Optional<String> report(FetchContext ctx, FetchResult outcome) {
        return java.util.Optional.empty();
    }

    /** The metadata model; throws {@link FetchException} when the platform cannot be read. */
    Metadata metadata(FetchContext ctx);

    /** The status tables of every endpoint this platform calls (documentation and tests). */
    default List<StatusTable> statusTables() {
        return List.of();
    }
}
