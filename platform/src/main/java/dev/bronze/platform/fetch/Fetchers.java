package dev.bronze.platform.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/** The registered {@link PlatformFetcher}s. */
public final class Fetchers {

    private Fetchers() {
    }

    public static List<PlatformFetcher> all() {
        List<PlatformFetcher> out = new ArrayList<>();
        ServiceLoader.load(PlatformFetcher.class, Fetchers.class.getClassLoader()).forEach(out::add);
        out.sort((a, b) -> a.platform().compareTo(b.platform()));
        return out;
    }

    /** The fetcher for a {@code talos.platform=} value; names compare case-insensitively. */
    public static Optional<PlatformFetcher> find(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (PlatformFetcher f : all()) {
            if (f.platform().toLowerCase(Locale.ROOT).equals(n)
                    || f.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(n))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** For messages: every accepted name. */
    public static List<String> names() {
        return all().stream().map(PlatformFetcher::platform).toList();
    }
}
