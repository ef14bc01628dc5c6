package dev.bronze.platform.fetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What the platform says about this instance, as Talos's PlatformMetadataSpec plus the network
 * configuration. A field the platform does not give is null (lists and maps are empty).
 * {@code providerId} is the Kubernetes spec.providerID form ({@code aws:///zone/id},
 * {@code gce://project/zone/name}, {@code azure:///subscriptions/...}).
 */
public record Metadata(String platform, String hostname, String instanceId, String instanceType, String region,
                       String zone, String providerId, List<String> externalIPs, boolean spot,
                       Map<String, String> tags, NetworkConfig network) {

    public Metadata {
        externalIPs = List.copyOf(externalIPs == null ? List.of() : externalIPs);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        network = network == null ? NetworkConfig.EMPTY : network;
    }

    public static Builder builder(String platform) {
        return new Builder(platform);
    }

    /** Fills a Metadata as the platform's responses are read; blank strings count as absent. */
    public static final class Builder {
        private final String platform;
        private String hostname;
        private String instanceId;
        private String instanceType;
        private String region;
        private String zone;
        private String providerId;
        private final LinkedHashSet<String> externalIPs = new LinkedHashSet<>();
        private boolean spot;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private NetworkConfig network = NetworkConfig.EMPTY;

        Builder(String platform) {
            this.platform = platform;
        }

        private static String v(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        public Builder hostname(String s) {
            if (v(s) != null) {
                hostname = v(s);
            }
            return this;
        }

        public Builder instanceId(String s) {
            if (v(s) != null) {
                instanceId = v(s);
            }
            return this;
        }

        public Builder instanceType(String s) {
            if (v(s) != null) {
                instanceType = v(s);
            }
            return this;
        }

        public Builder region(String s) {
            if (v(s) != null) {
                region = v(s);
            }
            return this;
        }

        public Builder zone(String s) {
            if (v(s) != null) {
                zone = v(s);
            }
            return this;
        }

        public Builder providerId(String s) {
            if (v(s) != null) {
                providerId = v(s);
            }
            return this;
        }

        public Builder externalIP(String s) {
            if (v(s) != null) {
                externalIPs.add(v(s));
            }
            return this;
        }

        public Builder spot(boolean b) {
            spot = b;
            return this;
        }

        public Builder tag(String k, String val) {
            if (k != null && !k.isBlank()) {
                tags.put(k, val == null ? "" : val);
            }
            return this;
        }

        public Builder network(NetworkConfig n) {
            network = n;
            return this;
        }

        public String hostname() {
            return hostname;
        }

        public String instanceId() {
            return instanceId;
        }

        public String zone() {
            return zone;
        }

        public Metadata build() {
            return new Metadata(platform, hostname, instanceId, instanceType, region, zone, providerId,
                    new ArrayList<>(externalIPs), spot, tags, network);
        }
    }
}
