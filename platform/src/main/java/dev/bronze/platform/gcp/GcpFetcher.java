package dev.bronze.platform.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.NetworkConfig;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.fetch.Responses;
import dev.bronze.platform.http.StatusTable;
import java.util.List;

/** Google Compute Engine, shaped as Talos's gcp platform. */
public final class GcpFetcher implements PlatformFetcher {

    @Override
    public String platform() {
        return "gcp";
    }

    @Override
    public List<String> aliases() {
        return List.of("gce");
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return new GcpMetadataServer(ctx).userData();
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        GcpMetadataServer s = new GcpMetadataServer(ctx);
        Metadata.Builder m = Metadata.builder("gcp");
        String project = s.text("project/project-id").orElse(null);
        String name = s.text("instance/name").orElse(null);
        m.instanceId(s.text("instance/id").orElse(null));
        m.hostname(s.text("instance/hostname").orElse(null));
        m.instanceType(s.text("instance/machine-type").map(GcpFetcher::lastSegment).orElse(null));
        String zone = s.text("instance/zone").map(GcpFetcher::lastSegment).orElse(null);
        m.zone(zone);
        if (zone != null && zone.lastIndexOf('-') > 0) {
            m.region(zone.substring(0, zone.lastIndexOf('-')));
        }
        m.spot(s.text("instance/scheduling/preemptible").map(v -> v.equalsIgnoreCase("TRUE")).orElse(false));
        if (project != null && zone != null && name != null) {
            m.providerId("gce://" + project + "/" + zone + "/" + name);
        }
        s.json("instance/tags").ifPresent(tags -> tags.forEach(t -> m.tag(t.asText(), "")));
        NetworkConfig.Builder net = NetworkConfig.builder();
        net.resolver("169.254.169.254").timeServer("metadata.google.internal");
        s.json("instance/network-interfaces/?recursive=true").ifPresent(ifaces -> interfaces(ifaces, net, m));
        m.network(net.build());
        return m.build();
    }

    static void interfaces(JsonNode ifaces, NetworkConfig.Builder net, Metadata.Builder m) {
        int i = 0;
        for (JsonNode n : ifaces) {
            String link = "eth" + i++;
            Integer mtu = n.hasNonNull("mtu") ? n.get("mtu").asInt() : null;
            net.link(NetworkConfig.Link.physical(link, Responses.text(n, "mac"), mtu));
            net.dhcp4(link);
            JsonNode v6 = n.has("ipv6s") ? n.get("ipv6s") : n.get("ipv6");
            if (v6 != null) {
                for (JsonNode a : v6.isArray() ? v6 : List.of(v6)) {
                    String addr = a.asText();
                    net.address(link, addr.contains("/") ? addr : addr + "/128");
                }
                String gw6 = Responses.text(n, "gatewayIpv6");
                if (gw6 != null) {
                    net.route(link, "::/0", gw6, 1024);
                }
            }
            JsonNode acs = n.get("accessConfigs");
            if (acs != null) {
                for (JsonNode ac : acs) {
                    if (String.valueOf(Responses.text(ac, "type")).replace("-", "_").equals("ONE_TO_ONE_NAT")) {
                        m.externalIP(Responses.text(ac, "externalIp"));
                    }
                }
            }
            JsonNode v6acs = n.get("ipv6AccessConfigs");
            if (v6acs != null) {
                for (JsonNode ac : v6acs) {
                    m.externalIP(Responses.text(ac, "externalIpv6"));
                }
            }
        }
    }

    static String lastSegment(String s) {
        int i = s.lastIndexOf('/');
        return i < 0 ? s : s.substring(i + 1);
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(GcpMetadataServer.USER_DATA, GcpMetadataServer.METADATA);
    }
}
