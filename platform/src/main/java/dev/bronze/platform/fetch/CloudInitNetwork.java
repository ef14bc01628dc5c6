package dev.bronze.platform.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * cloud-init network-config, version 1 (a list of {@code config} entries) and version 2 (netplan:
 * {@code ethernets}, {@code bonds}, {@code vlans}, {@code bridges}), wrapped under
 * {@code network:} or bare, as NoCloud, VMware guestinfo metadata and OVF carry it. Other
 * versions are refused by name, as Talos does.
 */
public final class CloudInitNetwork {

    private CloudInitNetwork() {
    }

    public static NetworkConfig parse(JsonNode doc, String what) {
        JsonNode n = doc.has("network") && doc.get("network").isObject() ? doc.get("network") : doc;
        if (n == null || n.isNull() || n.isMissingNode() || (n.isObject() && n.isEmpty())) {
            return NetworkConfig.EMPTY;
        }
        int version = n.path("version").asInt(-1);
        NetworkConfig.Builder b = NetworkConfig.builder();
        switch (version) {
            case 1 -> v1(n.path("config"), b);
            case 2 -> v2(n, b);
            default -> throw new FetchException(what + ": network-config version " + n.path("version").asText("(none)")
                    + " is not supported (1 and 2 are)");
        }
        return b.build();
    }

    private static void v1(JsonNode config, NetworkConfig.Builder b) {
        for (JsonNode e : config) {
            String type = Responses.text(e, "type");
            String name = Responses.text(e, "name");
            if (type == null) {
                continue;
            }
            switch (type) {
                case "physical" -> b.link(NetworkConfig.Link.physical(name, Responses.text(e, "mac_address"), mtu(e)));
                case "bond" -> b.link(new NetworkConfig.Link(name, Responses.text(e, "mac_address"), mtu(e), "bond",
                        strings(e.path("bond_interfaces")), null, null));
                case "bridge" -> b.link(new NetworkConfig.Link(name, Responses.text(e, "mac_address"), mtu(e), "bridge",
                        strings(e.path("bridge_interfaces")), null, null));
                case "vlan" -> b.link(new NetworkConfig.Link(name, Responses.text(e, "mac_address"), mtu(e), "vlan",
                        List.of(), Responses.text(e, "vlan_link"), e.hasNonNull("vlan_id") ? e.get("vlan_id").asInt() : null));
                case "nameserver" -> strings(e.path("address")).forEach(b::resolver);
                case "route" -> b.route(null, dest(Responses.text(e, "destination"), Responses.text(e, "netmask")),
                        Responses.text(e, "gateway"), metric(e));
                default -> {
                    // loopback and unknown types carry nothing we model
                }
            }
            for (JsonNode s : e.path("subnets")) {
                String st = Responses.text(s, "type");
                if (st == null) {
                    // Hetzner omits the type of its static IPv6 subnet.
                    st = Responses.text(s, "address") != null ? "static" : "manual";
                }
                strings(s.path("dns_nameservers")).forEach(b::resolver);
                switch (st) {
                    case "dhcp", "dhcp4" -> b.dhcp4(name);
                    case "dhcp6", "ipv6_dhcpv6-stateful", "ipv6_dhcpv6-stateless", "ipv6_slaac" -> b.dhcp6(name);
                    case "static", "static6" -> {
                        b.address(name, cidr(Responses.text(s, "address"), Responses.text(s, "netmask"),
                                s.hasNonNull("prefix") ? s.get("prefix").asText() : null));
                        String gw = Responses.text(s, "gateway");
                        if (gw != null) {
                            b.route(name, gw.contains(":") ? "::/0" : "0.0.0.0/0", gw, null);
                        }
                        for (JsonNode r : s.path("routes")) {
                            b.route(name, dest(Responses.text(r, "network"), Responses.text(r, "netmask")),
                                    Responses.text(r, "gateway"), metric(r));
                        }
                    }
                    default -> {
                        // manual and unknown subnet types: nothing to configure
                    }
                }
            }
        }
    }

    private static void v2(JsonNode n, NetworkConfig.Builder b) {
        n.path("ethernets").fields().forEachRemaining(e -> {
            JsonNode c = e.getValue();
            String name = Responses.text(c, "set-name");
            if (name == null) {
                name = Responses.text(c, "match", "name");
            }
            if (name == null && Responses.text(c, "match", "macaddress") == null) {
                name = e.getKey();
            }
            b.link(NetworkConfig.Link.physical(name, Responses.text(c, "match", "macaddress"), mtu(c)));
            v2common(name, c, b);
        });
        n.path("bonds").fields().forEachRemaining(e -> {
            b.link(new NetworkConfig.Link(e.getKey(), Responses.text(e.getValue(), "macaddress"), mtu(e.getValue()), "bond",
                    strings(e.getValue().path("interfaces")), null, null));
            v2common(e.getKey(), e.getValue(), b);
        });
        n.path("bridges").fields().forEachRemaining(e -> {
            b.link(new NetworkConfig.Link(e.getKey(), Responses.text(e.getValue(), "macaddress"), mtu(e.getValue()), "bridge",
                    strings(e.getValue().path("interfaces")), null, null));
            v2common(e.getKey(), e.getValue(), b);
        });
        n.path("vlans").fields().forEachRemaining(e -> {
            JsonNode c = e.getValue();
            b.link(new NetworkConfig.Link(e.getKey(), Responses.text(c, "macaddress"), mtu(c), "vlan", List.of(),
                    Responses.text(c, "link"), c.hasNonNull("id") ? c.get("id").asInt() : null));
            v2common(e.getKey(), c, b);
        });
    }

    private static void v2common(String name, JsonNode c, NetworkConfig.Builder b) {
        if (truthy(c.get("dhcp4"))) {
            b.dhcp4(name);
        }
        if (truthy(c.get("dhcp6"))) {
            b.dhcp6(name);
        }
        strings(c.path("addresses")).forEach(a -> b.address(name, a));
        String gw4 = Responses.text(c, "gateway4");
        if (gw4 != null) {
            b.route(name, "0.0.0.0/0", gw4, null);
        }
        String gw6 = Responses.text(c, "gateway6");
        if (gw6 != null) {
            b.route(name, "::/0", gw6, null);
        }
        for (JsonNode r : c.path("routes")) {
            String to = Responses.text(r, "to");
            if ("default".equals(to)) {
                String via = String.valueOf(Responses.text(r, "via"));
                to = via.contains(":") ? "::/0" : "0.0.0.0/0";
            }
            b.route(name, to, Responses.text(r, "via"), metric(r));
        }
        strings(c.path("nameservers").path("addresses")).forEach(b::resolver);
    }

    /** YAML 1.1 booleans as cloud-init accepts them ({@code yes}, {@code true}, {@code on}). */
    static boolean truthy(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String s = v.asText().strip().toLowerCase(java.util.Locale.ROOT);
        return s.equals("yes") || s.equals("true") || s.equals("on") || s.equals("y");
    }

    private static Integer mtu(JsonNode c) {
        if (c.hasNonNull("mtu") && c.get("mtu").asText().strip().matches("\\d{1,6}")) {
            return Integer.valueOf(c.get("mtu").asText().strip());
        }
        return null;
    }

    private static Integer metric(JsonNode r) {
        return r.hasNonNull("metric") && r.get("metric").asText().matches("\\d{1,9}") ? Integer.valueOf(r.get("metric").asText()) : null;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr.isArray()) {
            arr.forEach(x -> {
                if (!x.isContainerNode() && !x.asText().isBlank()) {
                    out.add(x.asText().strip());
                }
            });
        } else if (arr.isTextual() && !arr.asText().isBlank()) {
            for (String s : arr.asText().split("[,\\s]+")) {
                if (!s.isBlank()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    static String dest(String network, String netmask) {
        if (network == null) {
            return null;
        }
        return cidr(network, netmask, null);
    }

    /** {@code 10.0.0.5} + {@code 255.255.255.0} → {@code 10.0.0.5/24}; an address with a prefix stays. */
    public static String cidr(String address, String netmask, String prefix) {
        if (address == null) {
            return null;
        }
        if (address.contains("/")) {
            return address;
        }
        if (prefix != null && prefix.matches("\\d{1,3}")) {
            return address + "/" + prefix;
        }
        if (netmask != null) {
            if (netmask.matches("\\d{1,3}")) {
                return address + "/" + netmask;
            }
            String[] o = netmask.split("\\.");
            if (o.length == 4) {
                int bits = 0;
                for (String x : o) {
                    try {
                        bits += Integer.bitCount(Integer.parseInt(x) & 0xff);
                    } catch (NumberFormatException e) {
                        return address;
                    }
                }
                return address + "/" + bits;
            }
        }
        return address + (address.contains(":") ? "/128" : "/32");
    }
}
