package dev.bronze.platform.upcloud;

import com.fasterxml.jackson.databind.JsonNode;
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

/** UpCloud: {@code /metadata/v1/user_data} and {@code /metadata/v1.json}. */
public final class UpCloudFetcher implements PlatformFetcher {

    public static final StatusTable TABLE = MetadataService.standard("GET /metadata/v1*");

    @Override
    public String platform() {
        return "upcloud";
    }

    static MetadataService service(FetchContext ctx) {
        return new MetadataService("UpCloud", ctx.http(RetryPolicy.cloud()), ctx.service("http://169.254.169.254"), Map.of());
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return service(ctx).userData("/metadata/v1/user_data", TABLE);
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        return fromJson(service(ctx).json("/metadata/v1.json", TABLE));
    }

    public static Metadata fromJson(JsonNode d) {
        Metadata.Builder m = Metadata.builder("upcloud");
        String id = Responses.text(d, "instance_id");
        m.instanceId(id).hostname(Responses.text(d, "hostname")).region(Responses.text(d, "region")).zone(Responses.text(d, "region"));
        if (id != null) {
            m.providerId("upcloud://" + id);
        }
        d.path("tags").forEach(t -> m.tag(t.asText(), ""));
        NetworkConfig.Builder n = NetworkConfig.builder();
        for (JsonNode iface : d.path("network").path("interfaces")) {
            String link = "eth" + (iface.path("index").asInt(1) - 1);
            n.link(NetworkConfig.Link.physical(link, Responses.text(iface, "mac"), null));
            boolean pub = "public".equals(Responses.text(iface, "type"));
            for (JsonNode a : iface.path("ip_addresses")) {
                String addr = Responses.text(a, "address");
                boolean v6 = "IPv6".equals(Responses.text(a, "family"));
                if (a.path("dhcp").asBoolean(false)) {
                    if (v6) {
                        n.dhcp6(link);
                    } else {
                        n.dhcp4(link);
                    }
                } else if (addr != null) {
                    String net = Responses.text(a, "network");
                    n.address(link, net != null && net.contains("/") ? addr + net.substring(net.indexOf('/')) : addr);
                }
                if (pub && addr != null) {
                    m.externalIP(addr);
                }
                a.path("dns").forEach(x -> n.resolver(x.asText()));
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
