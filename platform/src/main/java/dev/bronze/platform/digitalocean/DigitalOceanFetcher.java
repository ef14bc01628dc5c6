package dev.bronze.platform.digitalocean;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.fetch.CloudInitNetwork;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.MetadataService;
import dev.bronze.platform.fetch.NetworkConfig;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.fetch.Responses;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.StatusTable;
import java.util.List;
import java.util.Map;

/** DigitalOcean droplets: {@code /metadata/v1/user-data} and {@code /metadata/v1.json}. */
public final class DigitalOceanFetcher implements PlatformFetcher {

    public static final StatusTable TABLE = MetadataService.standard("GET /metadata/v1/*");

    @Override
    public String platform() {
        return "digital-ocean";
    }

    @Override
    public List<String> aliases() {
        return List.of("digitalocean");
    }

    static MetadataService service(FetchContext ctx) {
        return new MetadataService("DigitalOcean", ctx.http(RetryPolicy.cloud()), ctx.service("http://169.254.169.254"), Map.of());
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return service(ctx).userData("/metadata/v1/user-data", TABLE);
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        return fromJson(service(ctx).json("/metadata/v1.json", TABLE));
    }

    public static Metadata fromJson(JsonNode d) {
        Metadata.Builder m = Metadata.builder("digital-ocean");
        String id = Responses.text(d, "droplet_id");
        m.instanceId(id).hostname(Responses.text(d, "hostname")).region(Responses.text(d, "region"));
        if (id != null) {
            m.providerId("digitalocean://" + id);
        }
        d.path("tags").forEach(t -> m.tag(t.asText(), ""));
        NetworkConfig.Builder n = NetworkConfig.builder();
        int i = 0;
        for (String kind : List.of("public", "private")) {
            for (JsonNode iface : d.path("interfaces").path(kind)) {
                String link = "eth" + i++;
                n.link(NetworkConfig.Link.physical(link, Responses.text(iface, "mac"), null));
                JsonNode v4 = iface.path("ipv4");
                if (Responses.text(v4, "ip_address") != null) {
                    n.address(link, CloudInitNetwork.cidr(Responses.text(v4, "ip_address"), Responses.text(v4, "netmask"), null));
                    if (kind.equals("public")) {
                        m.externalIP(Responses.text(v4, "ip_address"));
                        n.route(link, "0.0.0.0/0", Responses.text(v4, "gateway"), null);
                    }
                }
                JsonNode v6 = iface.path("ipv6");
                if (Responses.text(v6, "ip_address") != null) {
                    n.address(link, CloudInitNetwork.cidr(Responses.text(v6, "ip_address").toLowerCase(java.util.Locale.ROOT), null,
                            Responses.text(v6, "cidr")));
                    m.externalIP(Responses.text(v6, "ip_address").toLowerCase(java.util.Locale.ROOT));
                    n.route(link, "::/0", lower(Responses.text(v6, "gateway")), null);
                }
                JsonNode anchor = iface.path("anchor_ipv4");
                if (Responses.text(anchor, "ip_address") != null) {
                    n.address(link, CloudInitNetwork.cidr(Responses.text(anchor, "ip_address"), Responses.text(anchor, "netmask"), null));
                }
            }
        }
        JsonNode fip = d.path("floating_ip").path("ipv4");
        if (fip.path("active").asBoolean(false)) {
            m.externalIP(Responses.text(fip, "ip_address"));
        }
        d.path("dns").path("nameservers").forEach(x -> n.resolver(x.asText()));
        m.network(n.build());
        return m.build();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(TABLE);
    }
}
