package dev.bronze.platform.fetch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The network configuration a platform hands out, shaped as Talos's PlatformNetworkConfig: links,
 * static addresses and routes, DHCP operators, resolvers and time servers. Values are as the
 * platform gives them; nothing here is applied to the machine.
 */
public record NetworkConfig(List<Link> links, List<Address> addresses, List<Route> routes, List<Operator> operators,
                            List<String> resolvers, List<String> timeServers) {

    public static final NetworkConfig EMPTY = new NetworkConfig(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public NetworkConfig {
        links = List.copyOf(links);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        operators = List.copyOf(operators);
        resolvers = List.copyOf(resolvers);
        timeServers = List.copyOf(timeServers);
    }

    /**
     * A link by name and/or hardware address. {@code kind} is {@code physical}, {@code bond},
     * {@code vlan} or {@code bridge}; {@code members} the bond's or bridge's links; {@code parent}
     * and {@code vlanId} for VLANs; {@code mtu} null when the platform does not say.
     */
    public record Link(String name, String mac, Integer mtu, String kind, List<String> members, String parent,
                       Integer vlanId) {
        public Link {
            members = members == null ? List.of() : List.copyOf(members);
            kind = kind == null ? "physical" : kind;
        }

        public static Link physical(String name, String mac, Integer mtu) {
            return new Link(name, mac, mtu, "physical", List.of(), null, null);
        }
    }

    /** A static address in CIDR form ({@code 10.0.0.5/24}, {@code 2001:db8::5/64}) on a link. */
    public record Address(String link, String cidr) {
    }

    /** A route: destination in CIDR ({@code 0.0.0.0/0} for the default), gateway, optional metric. */
    public record Route(String link, String destination, String gateway, Integer metric) {
    }

    /** A dynamic configuration to run on a link: {@code dhcp4} or {@code dhcp6}. */
    public record Operator(String link, String kind) {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects entries while a platform's metadata is walked; duplicates are dropped. */
    public static final class Builder {
        private final List<Link> links = new ArrayList<>();
        private final LinkedHashSet<Address> addresses = new LinkedHashSet<>();
        private final LinkedHashSet<Route> routes = new LinkedHashSet<>();
        private final LinkedHashSet<Operator> operators = new LinkedHashSet<>();
        private final LinkedHashSet<String> resolvers = new LinkedHashSet<>();
        private final LinkedHashSet<String> timeServers = new LinkedHashSet<>();

        public Builder link(Link l) {
            links.add(l);
            return this;
        }

        public Builder address(String link, String cidr) {
            if (cidr != null && !cidr.isBlank()) {
                addresses.add(new Address(link, cidr.strip()));
            }
            return this;
        }

        public Builder route(String link, String destination, String gateway, Integer metric) {
            if (gateway != null && !gateway.isBlank()) {
                routes.add(new Route(link, destination, gateway.strip(), metric));
            }
            return this;
        }

        public Builder dhcp4(String link) {
            operators.add(new Operator(link, "dhcp4"));
            return this;
        }

        public Builder dhcp6(String link) {
            operators.add(new Operator(link, "dhcp6"));
            return this;
        }

        public Builder resolver(String r) {
            if (r != null && !r.isBlank()) {
                resolvers.add(r.strip());
            }
            return this;
        }

        public Builder timeServer(String t) {
            if (t != null && !t.isBlank()) {
                timeServers.add(t.strip());
            }
            return this;
        }

        public boolean hasLink(String name) {
            return links.stream().anyMatch(l -> name.equals(l.name()));
        }

        public NetworkConfig build() {
            return new NetworkConfig(links, new ArrayList<>(addresses), new ArrayList<>(routes),
                    new ArrayList<>(operators), new ArrayList<>(resolvers), new ArrayList<>(timeServers));
        }
    }
}
