package dev.bronze.platform.akamai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.decode.DecodeException;
import dev.bronze.platform.decode.Decoders;
import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchException;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.MetadataService;
import dev.bronze.platform.fetch.NetworkConfig;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.fetch.Responses;
import dev.bronze.platform.http.HttpResult;
import dev.bronze.platform.http.Request;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.StatusTable;
import dev.bronze.platform.http.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Akamai (Linode): a token from {@code PUT /v1/token} ({@code Metadata-Token-Expiry-Seconds}),
 * then {@code /v1/user-data} (base64) and {@code /v1/instance}, {@code /v1/network} as JSON.
 */
public final class AkamaiFetcher implements PlatformFetcher {

    public static final StatusTable TOKEN = StatusTable.of("PUT /v1/token")
            .on(Verdict.OK, 200, 201).on(403, Verdict.FATAL, "the metadata service is disabled for this Linode")
            .on(Verdict.RETRY, 429).onClass(5, Verdict.RETRY).otherwise(Verdict.RETRY, "").build();
    public static final StatusTable TABLE = StatusTable.of("GET /v1/*")
            .on(Verdict.OK, 200).on(Verdict.ABSENT, 204, 404).on(401, Verdict.FATAL, "token refused")
            .on(Verdict.RETRY, 429).onClass(5, Verdict.RETRY).otherwise(Verdict.RETRY, "").build();

    @Override
    public String platform() {
        return "akamai";
    }

    @Override
    public List<String> aliases() {
        return List.of("linode");
    }

    static MetadataService service(FetchContext ctx) {
        MetadataService anon = new MetadataService("Akamai", ctx.http(RetryPolicy.cloud()), ctx.service("http://169.254.169.254"), Map.of());
        HttpResult t = anon.call(Request.get(anon.uri("/v1/token")).method("PUT", new byte[0])
                .header("Metadata-Token-Expiry-Seconds", "3600"), TOKEN);
        String token = new String(Responses.required(t, "Akamai metadata token"), StandardCharsets.US_ASCII).strip();
        if (token.isEmpty()) {
            throw new FetchException("Akamai metadata service gave an empty token");
        }
        return new MetadataService("Akamai", ctx.http(RetryPolicy.cloud()), ctx.service("http://169.254.169.254"),
                Map.of("Metadata-Token", token, "Accept", "application/json"));
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        MetadataService s;
        try {
            s = service(ctx);
        } catch (FetchException e) {
            return new FetchResult.Failed(e.getMessage());
        }
        FetchResult r = s.userData("/v1/user-data", TABLE);
        if (r instanceof FetchResult.Found f) {
            try {
                return new FetchResult.Found(Decoders.base64(f.bytes()), Decoding.of("base64"), f.source());
            } catch (DecodeException e) {
                return new FetchResult.Failed("Akamai user-data: " + e.getMessage());
            }
        }
        return r;
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        MetadataService s = service(ctx);
        JsonNode inst = s.json("/v1/instance", TABLE);
        JsonNode net = s.optional("/v1/network", TABLE).map(b -> Responses.json(b, "Akamai network")).orElse(null);
        Metadata.Builder m = Metadata.builder("akamai");
        String id = Responses.text(inst, "id");
        m.instanceId(id).hostname(Responses.text(inst, "label")).region(Responses.text(inst, "region"))
                .zone(Responses.text(inst, "region")).instanceType(Responses.text(inst, "type"));
        if (id != null) {
            m.providerId("linode://" + id);
        }
        inst.path("tags").forEach(t -> m.tag(t.asText(), ""));
        NetworkConfig.Builder n = NetworkConfig.builder();
        n.link(NetworkConfig.Link.physical("eth0", null, null)).dhcp4("eth0");
        if (net != null) {
            net.path("ipv4").path("public").forEach(a -> m.externalIP(a.asText().replaceAll("/\\d+$", "")));
            String slaac = Responses.text(net, "ipv6", "slaac");
            if (slaac != null) {
                m.externalIP(slaac.replaceAll("/\\d+$", ""));
                n.dhcp6("eth0");
            }
        }
        m.network(n.build());
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(TOKEN, TABLE);
    }
}
