package dev.bronze.platform.vultr;

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

/** Vultr: {@code /latest/user-data} and {@code /v1.json}. */
public final class VultrFetcher implements PlatformFetcher {

    public static final StatusTable TABLE = MetadataService.standard("GET /latest/user-data, /v1.json");

    @Override
    public String platform() {
        return "vultr";
    }

    static MetadataService service(FetchContext ctx) {
        return new MetadataService("Vultr", ctx.http(RetryPolicy.cloud()), ctx.service("http://169.254.169.254"), Map.of());
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return service(ctx).userData("/latest/user-data", TABLE);
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        return fromJson(service(ctx).json("/v1.json", TABLE));
    }

    public static Metadata fromJson(JsonNode d) {
        Metadata.Builder m = Metadata.builder("vultr");
        String id = Responses.text(d, "instance-v2-id");
        m.instanceId(id != null ? id : Responses.text(d, "instanceid"));
        m.hostname(Responses.text(d, "hostname"));
        String region = Responses.text(d, "region", "regioncode");
        m.region(region).zone(region);
        if (id != null) {
            m.providerId("vultr://" + id);
        }
        NetworkConfig.Builder n = NetworkConfig.builder();
        int i = 0;
        for (JsonNode iface : d.path("interfaces")) {
            String link = "eth" + i++;
            n.link(NetworkConfig.Link.physical(link, Responses.text(iface, "mac"), null));
            boolean pub = "public".equals(Responses.text(iface, "network-type"));
            JsonNode v4 = iface.path("ipv4");
            String a4 = Responses.text(v4, "address");
            if (pub) {
                n.dhcp4(link);
                if (a4 != null) {
                    m.externalIP(a4);
                }
                if (Responses.text(iface, "ipv6", "address") != null) {
                    n.dhcp6(link);
                    m.externalIP(Responses.text(iface, "ipv6", "address"));
                }
            } else if (a4 != null) {
                n.address(link, CloudInitNetwork.cidr(a4, Responses.text(v4, "netmask"), null));
            }
        }
        m.network(n.build());
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(TABLE);
    }
}
