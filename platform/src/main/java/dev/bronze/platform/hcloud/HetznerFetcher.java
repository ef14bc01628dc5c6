package dev.bronze.platform.hcloud;

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
import dev.bronze.platform.http.Verdict;
import java.util.List;
import java.util.Map;

/** Hetzner Cloud: {@code /hetzner/v1/userdata} (204 or 404 when none), {@code /hetzner/v1/metadata} (YAML). */
public final class HetznerFetcher implements PlatformFetcher {

    public static final StatusTable USER_DATA = StatusTable.of("GET /hetzner/v1/userdata")
            .on(Verdict.OK, 200).on(Verdict.ABSENT, 204, 404).on(Verdict.RETRY, 429).onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "").build();
    public static final StatusTable METADATA = MetadataService.standard("GET /hetzner/v1/metadata*");

    @Override
    public String platform() {
        return "hcloud";
    }

    @Override
    public List<String> aliases() {
        return List.of("hetzner");
    }

    static MetadataService service(FetchContext ctx) {
        return new MetadataService("Hetzner", ctx.http(RetryPolicy.cloud()), ctx.service("http://169.254.169.254"), Map.of());
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return service(ctx).userData("/hetzner/v1/userdata", USER_DATA);
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        MetadataService s = service(ctx);
        JsonNode md = s.yaml("/hetzner/v1/metadata", METADATA);
        JsonNode priv = s.optional("/hetzner/v1/metadata/private-networks", METADATA)
                .map(b -> Responses.yaml(b, "Hetzner private-networks")).orElse(null);
        return fromYaml(md, priv);
    }

    public static Metadata fromYaml(JsonNode md, JsonNode privateNetworks) {
        Metadata.Builder m = Metadata.builder("hcloud");
        String id = Responses.text(md, "instance-id");
        m.instanceId(id).hostname(Responses.text(md, "hostname")).region(Responses.text(md, "region"))
                .zone(Responses.text(md, "availability-zone")).externalIP(Responses.text(md, "public-ipv4"));
        if (id != null) {
            m.providerId("hcloud://" + id);
        }
        NetworkConfig base = md.has("network-config") ? CloudInitNetwork.parse(md.get("network-config"), "Hetzner network-config")
                : NetworkConfig.EMPTY;
        if (privateNetworks != null && privateNetworks.isArray() && !privateNetworks.isEmpty()) {
            NetworkConfig.Builder b = NetworkConfig.builder();
            base.links().forEach(b::link);
            base.addresses().forEach(a -> b.address(a.link(), a.cidr()));
            base.routes().forEach(r -> b.route(r.link(), r.destination(), r.gateway(), r.metric()));
            base.operators().forEach(o -> {
                if (o.kind().equals("dhcp4")) {
                    b.dhcp4(o.link());
                } else {
                    b.dhcp6(o.link());
                }
            });
            base.resolvers().forEach(b::resolver);
            for (JsonNode p : privateNetworks) {
                // A private network's NIC is known by its MAC; its name depends on the guest.
                b.link(NetworkConfig.Link.physical(null, Responses.text(p, "mac_address"), null));
                b.address(null, p.hasNonNull("ip") && Responses.text(p, "subnet") != null && Responses.text(p, "subnet").contains("/")
                        ? Responses.text(p, "ip") + Responses.text(p, "subnet").substring(Responses.text(p, "subnet").indexOf('/'))
                        : Responses.text(p, "ip"));
            }
            base = b.build();
        }
        m.network(base);
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(USER_DATA, METADATA);
    }
}
