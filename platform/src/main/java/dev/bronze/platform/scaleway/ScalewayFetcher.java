package dev.bronze.platform.scaleway;

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

/**
 * Scaleway: {@code /user_data/cloud-init} and {@code /conf?format=json} on 169.254.42.42, from a
 * source port below 1024 (the service's proof that the caller is root): the low-port transport.
 */
public final class ScalewayFetcher implements PlatformFetcher {

    public static final StatusTable TABLE = MetadataService.standard("GET /user_data/cloud-init, /conf (port < 1024)");

    @Override
    public String platform() {
        return "scaleway";
    }

    static MetadataService service(FetchContext ctx) {
        return new MetadataService("Scaleway", ctx.lowPortHttp(RetryPolicy.cloud()), ctx.service("http://169.254.42.42"), Map.of());
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return service(ctx).userData("/user_data/cloud-init", TABLE);
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        return fromJson(service(ctx).json("/conf?format=json", TABLE));
    }

    public static Metadata fromJson(JsonNode d) {
        Metadata.Builder m = Metadata.builder("scaleway");
        String id = Responses.text(d, "id");
        String zone = Responses.text(d, "zone");
        if (zone == null) {
            zone = Responses.text(d, "location", "zone_id");
        }
        m.instanceId(id).hostname(Responses.text(d, "hostname")).instanceType(Responses.text(d, "commercial_type")).zone(zone);
        if (zone != null && zone.lastIndexOf('-') > 0) {
            m.region(zone.substring(0, zone.lastIndexOf('-')));
        }
        if (id != null && zone != null) {
            m.providerId("scaleway://instance/" + zone + "/" + id);
        }
        m.externalIP(Responses.text(d, "public_ip", "address"));
        m.externalIP(Responses.text(d, "ipv6", "address"));
        d.path("tags").forEach(t -> {
            String s = t.asText();
            int eq = s.indexOf('=');
            m.tag(eq > 0 ? s.substring(0, eq) : s, eq > 0 ? s.substring(eq + 1) : "");
        });
        NetworkConfig.Builder n = NetworkConfig.builder();
        n.link(NetworkConfig.Link.physical("eth0", null, null)).dhcp4("eth0");
        if (Responses.text(d, "ipv6", "address") != null) {
            String a = Responses.text(d, "ipv6", "address");
            String nm = Responses.text(d, "ipv6", "netmask");
            n.address("eth0", nm == null ? a : a + "/" + nm);
            n.route("eth0", "::/0", Responses.text(d, "ipv6", "gateway"), null);
        }
        m.network(n.build());
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(TABLE);
    }
}
