package dev.bronze.platform.equinixmetal;

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

/** Equinix Metal: {@code https://metadata.platformequinix.com/userdata} and {@code /metadata} (Accept: star/star, else 406). */
public final class EquinixMetalFetcher implements PlatformFetcher {

    public static final StatusTable TABLE = MetadataService.standard("GET /userdata, /metadata");

    @Override
    public String platform() {
        return "equinixMetal";
    }

    @Override
    public List<String> aliases() {
        return List.of("packet", "equinixmetal");
    }

    static MetadataService service(FetchContext ctx) {
        return new MetadataService("Equinix Metal", ctx.http(RetryPolicy.cloud()), ctx.service("https://metadata.platformequinix.com"),
                Map.of("Accept", "*/*"));
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return service(ctx).userData("/userdata", TABLE);
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        return fromJson(service(ctx).json("/metadata", TABLE));
    }

    public static Metadata fromJson(JsonNode d) {
        Metadata.Builder m = Metadata.builder("equinixMetal");
        String id = Responses.text(d, "id");
        m.instanceId(id).hostname(Responses.text(d, "hostname")).instanceType(Responses.text(d, "plan"))
                .zone(Responses.text(d, "facility")).region(Responses.text(d, "metro"));
        if (m.build().region() == null) {
            m.region(Responses.text(d, "facility"));
        }
        m.spot(d.path("spot").path("termination_time").isTextual() || "true".equals(Responses.text(d, "spot_instance")));
        if (id != null) {
            m.providerId("equinixmetal://" + id);
        }
        d.path("tags").forEach(t -> m.tag(t.asText(), ""));
        NetworkConfig.Builder n = NetworkConfig.builder();
        JsonNode net = d.path("network");
        List<String> bondMembers = new java.util.ArrayList<>();
        for (JsonNode i : net.path("interfaces")) {
            String name = Responses.text(i, "name");
            n.link(NetworkConfig.Link.physical(name, Responses.text(i, "mac"), null));
            bondMembers.add(name);
        }
        String bond = "bond0";
        if (!bondMembers.isEmpty()) {
            n.link(new NetworkConfig.Link(bond, null, null, "bond", bondMembers, null, null));
        }
        for (JsonNode a : net.path("addresses")) {
            String addr = Responses.text(a, "address");
            n.address(bond, CloudInitNetwork.cidr(addr, Responses.text(a, "netmask"),
                    a.hasNonNull("cidr") ? a.get("cidr").asText() : null));
            boolean pub = a.path("public").asBoolean(false);
            boolean v6 = a.path("address_family").asInt(4) == 6;
            if (pub) {
                m.externalIP(addr);
                n.route(bond, v6 ? "::/0" : "0.0.0.0/0", Responses.text(a, "gateway"), null);
            } else if (!v6) {
                n.route(bond, "10.0.0.0/8", Responses.text(a, "gateway"), null);
            }
        }
        d.path("network").path("resolvers").forEach(r -> n.resolver(r.asText()));
        m.network(n.build());
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(TABLE);
    }
}
