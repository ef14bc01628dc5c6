package dev.bronze.platform.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.fetch.CloudInitNetwork;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.NetworkConfig;
import dev.bronze.platform.fetch.Responses;
import java.util.HashMap;
import java.util.Map;

/** meta_data.json and network_data.json of OpenStack (config drive and metadata service alike). */
public final class OpenStackMetadata {

    private OpenStackMetadata() {
    }

    public static void metaData(JsonNode md, Metadata.Builder m) {
        String uuid = Responses.text(md, "uuid");
        m.instanceId(uuid);
        m.hostname(Responses.text(md, "hostname"));
        if (m.hostname() == null) {
            m.hostname(Responses.text(md, "name"));
        }
        m.zone(Responses.text(md, "availability_zone"));
        m.instanceType(Responses.text(md, "instance_type"));
        if (uuid != null) {
            m.providerId("openstack:///" + uuid);
        }
        JsonNode meta = md.get("meta");
        if (meta != null && meta.isObject()) {
            meta.fields().forEachRemaining(e -> {
                if (!e.getValue().isContainerNode()) {
                    m.tag(e.getKey(), e.getValue().asText());
                }
            });
        }
    }

    /** network_data.json: links (physical, bond, vlan), networks (static or DHCP), DNS services. */
    public static NetworkConfig networkData(JsonNode nd) {
        NetworkConfig.Builder b = NetworkConfig.builder();
        Map<String, String> nameOf = new HashMap<>();
        int eth = 0;
        for (JsonNode l : nd.path("links")) {
            String id = Responses.text(l, "id");
            String type = String.valueOf(Responses.text(l, "type"));
            String mac = Responses.text(l, "ethernet_mac_address");
            Integer mtu = l.hasNonNull("mtu") && l.get("mtu").canConvertToInt() ? l.get("mtu").asInt() : null;
            String name = Responses.text(l, "name");
            switch (type) {
                case "bond" -> {
                    name = name != null ? name : id;
                    java.util.List<String> members = new java.util.ArrayList<>();
                    l.path("bond_links").forEach(x -> members.add(nameOf.getOrDefault(x.asText(), x.asText())));
                    b.link(new NetworkConfig.Link(name, mac, mtu, "bond", members, null, null));
                }
                case "vlan" -> {
                    name = name != null ? name : id;
                    String parent = Responses.text(l, "vlan_link");
                    b.link(new NetworkConfig.Link(name, mac, mtu, "vlan", java.util.List.of(),
                            parent == null ? null : nameOf.getOrDefault(parent, parent),
                            l.hasNonNull("vlan_id") ? l.get("vlan_id").asInt() : null));
                }
                default -> {
                    // phy, ovs, bridge, tap, vif...: a physical NIC from the guest's point of view.
                    name = name != null ? name : "eth" + eth;
                    eth++;
                    b.link(NetworkConfig.Link.physical(name, mac, mtu));
                }
            }
            if (id != null) {
                nameOf.put(id, name);
            }
        }
        for (JsonNode n : nd.path("networks")) {
            String linkId = Responses.text(n, "link");
            String link = linkId == null ? null : nameOf.getOrDefault(linkId, linkId);
            String type = String.valueOf(Responses.text(n, "type"));
            switch (type) {
                case "ipv4_dhcp", "dhcp4" -> b.dhcp4(link);
                case "ipv6_dhcp", "ipv6_dhcpv6-stateful", "ipv6_dhcpv6-stateless", "ipv6_slaac", "dhcp6" -> b.dhcp6(link);
                case "ipv4", "ipv6" -> {
                    b.address(link, CloudInitNetwork.cidr(Responses.text(n, "ip_address"), Responses.text(n, "netmask"), null));
                    for (JsonNode r : n.path("routes")) {
                        String dst = CloudInitNetwork.cidr(Responses.text(r, "network"), Responses.text(r, "netmask"), null);
                        b.route(link, dst, Responses.text(r, "gateway"), null);
                    }
                    for (JsonNode s : n.path("services")) {
                        if ("dns".equals(Responses.text(s, "type"))) {
                            b.resolver(Responses.text(s, "address"));
                        }
                    }
                }
                default -> {
                    // unknown network types carry nothing we model
                }
            }
        }
        for (JsonNode s : nd.path("services")) {
            if ("dns".equals(Responses.text(s, "type"))) {
                b.resolver(Responses.text(s, "address"));
            }
        }
        return b.build();
    }
}
