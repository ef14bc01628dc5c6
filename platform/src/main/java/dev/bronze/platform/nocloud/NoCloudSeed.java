package dev.bronze.platform.nocloud;

import java.util.Optional;

/**
 * The NoCloud selector: {@code ds=nocloud;s=URL;h=HOST;i=ID} (or {@code nocloud-net}) from the
 * kernel command line or the SMBIOS system serial. {@code seedfrom}, {@code local-hostname} and
 * {@code instance-id} are the long spellings of s, h and i.
 */
public record NoCloudSeed(boolean net, Optional<String> seedFrom, Optional<String> hostname, Optional<String> instanceId) {

    /** Parses a selector; empty when it does not select NoCloud. */
    public static Optional<NoCloudSeed> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.startsWith("ds=")) {
            v = v.substring(3);
        }
        String[] parts = v.split(";", -1);
        String ds = parts[0].strip();
        if (!ds.equals("nocloud") && !ds.equals("nocloud-net")) {
            return Optional.empty();
        }
        String s = null;
        String h = null;
        String i = null;
        for (int k = 1; k < parts.length; k++) {
            String p = parts[k];
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = p.substring(0, eq).strip();
            String val = p.substring(eq + 1).strip();
            switch (key) {
                case "s", "seedfrom" -> s = val;
                case "h", "local-hostname" -> h = val;
                case "i", "instance-id" -> i = val;
                default -> {
                    // unknown keys are ignored, as cloud-init does
                }
            }
        }
        return Optional.of(new NoCloudSeed(ds.equals("nocloud-net"), Optional.ofNullable(s).filter(x -> !x.isEmpty()),
                Optional.ofNullable(h).filter(x -> !x.isEmpty()), Optional.ofNullable(i).filter(x -> !x.isEmpty())));
    }

    /** {@code <seed>name}: a {@code %s} in the URL is replaced; otherwise a slash is added when missing. */
    public static String file(String seed, String name) {
        if (seed.contains("%s")) {
            return seed.replace("%s", name);
        }
        if (seed.contains("?")) {
            return seed.substring(0, seed.indexOf('?')) + (seed.substring(0, seed.indexOf('?')).endsWith("/") ? "" : "/")
                    + name + seed.substring(seed.indexOf('?'));
        }
        return seed + (seed.endsWith("/") ? "" : "/") + name;
    }
}
