package dev.bronze.platform.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.decode.DecodeException;
import dev.bronze.platform.decode.Decoders;
import dev.bronze.platform.decode.Decoding;
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
import java.util.Locale;
import java.util.Map;

/** Oracle Cloud: IMDS v2 with {@code Authorization: Bearer Oracle}; user-data is base64. */
public final class OracleFetcher implements PlatformFetcher {

    public static final StatusTable TABLE = StatusTable.of("GET /opc/v2/*")
            .on(Verdict.OK, 200)
            .on(404, Verdict.ABSENT, "not set")
            .on(401, Verdict.FATAL, "the Authorization: Bearer Oracle header was refused")
            .on(Verdict.RETRY, 429).onClass(5, Verdict.RETRY).otherwise(Verdict.RETRY, "").build();

    @Override
    public String platform() {
        return "oracle";
    }

    static MetadataService service(FetchContext ctx) {
        return new MetadataService("Oracle IMDS", ctx.http(RetryPolicy.cloud()), ctx.service("http://169.254.169.254"),
                Map.of("Authorization", "Bearer Oracle"));
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        FetchResult r = service(ctx).userData("/opc/v2/instance/metadata/user_data", TABLE);
        if (r instanceof FetchResult.Found f) {
            try {
                return new FetchResult.Found(Decoders.base64(f.bytes()), Decoding.of("base64"), f.source());
            } catch (DecodeException e) {
                return new FetchResult.Failed("Oracle user_data: " + e.getMessage());
            }
        }
        return r;
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        MetadataService s = service(ctx);
        JsonNode vnics = s.optional("/opc/v2/vnics/", TABLE).map(b -> Responses.json(b, "Oracle vnics")).orElse(null);
        return fromJson(s.json("/opc/v2/instance/", TABLE), vnics);
    }

    public static Metadata fromJson(JsonNode inst, JsonNode vnics) {
        Metadata.Builder m = Metadata.builder("oracle");
        String id = Responses.text(inst, "id");
        m.instanceId(id).hostname(Responses.text(inst, "hostname")).instanceType(Responses.text(inst, "shape"));
        String region = Responses.text(inst, "canonicalRegionName");
        m.region(region != null ? region : Responses.text(inst, "region"));
        m.zone(Responses.text(inst, "availabilityDomain"));
        if (id != null) {
            m.providerId("oci://" + id);
        }
        JsonNode tags = inst.path("freeformTags");
        tags.fields().forEachRemaining(e -> m.tag(e.getKey(), e.getValue().asText()));
        m.spot(inst.hasNonNull("preemptibleInstanceConfig"));
        NetworkConfig.Builder n = NetworkConfig.builder();
        if (vnics != null) {
            int i = 0;
            for (JsonNode v : vnics) {
                String link = "eth" + i;
                String mac = Responses.text(v, "macAddr");
                n.link(NetworkConfig.Link.physical(link, mac == null ? null : mac.toLowerCase(Locale.ROOT), null));
                if (i == 0) {
                    n.dhcp4(link);
                } else {
                    String cidr = Responses.text(v, "subnetCidrBlock");
                    String ip = Responses.text(v, "privateIp");
                    if (ip != null && cidr != null && cidr.contains("/")) {
                        n.address(link, ip + cidr.substring(cidr.indexOf('/')));
                    }
                }
                v.path("ipv6Addresses").forEach(a -> n.dhcp6(link));
                i++;
            }
        }
        n.timeServer("169.254.169.254");
        m.network(n.build());
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(TABLE);
    }
}
