package dev.bronze.platform.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.decode.DecodeException;
import dev.bronze.platform.decode.Decoders;
import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchException;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Responses;
import dev.bronze.platform.http.Deadline;
import dev.bronze.platform.http.HttpResult;
import dev.bronze.platform.http.MetadataHttp;
import dev.bronze.platform.http.Request;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.StatusTable;
import dev.bronze.platform.http.Verdict;
import java.net.URI;
import java.util.Optional;

/**
 * Azure's Instance Metadata Service. Every request carries {@code Metadata: true}; 404 and 410
 * are what IMDS answers while the VM is still being provisioned, so they are retried with 429
 * and 5xx (Microsoft's guidance, cloud-init PR #1271). A 400 means the api-version is not known
 * (Azure Stack Hub): the request is repeated once with the older version.
 */
public final class AzureImds {

    public static final String BASE = "http://169.254.169.254";
    static final String API_VERSION = "2021-12-13";
    static final String FALLBACK_API_VERSION = "2019-06-01";
    static final String USER_DATA_API_VERSION = "2021-01-01";

    public static final StatusTable INSTANCE = StatusTable.of("GET /metadata/instance")
            .on(Verdict.OK, 200)
            .on(400, Verdict.FALLBACK, "api-version unknown: repeat with " + FALLBACK_API_VERSION)
            .on(Verdict.RETRY, 404, 410, 429)
            .on(403, Verdict.FATAL, "refused: the request went through a proxy or lacked Metadata: true")
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    public static final StatusTable USER_DATA = StatusTable.of("GET /metadata/instance/compute/userData")
            .on(200, Verdict.OK, "an empty body means no user-data")
            .on(Verdict.RETRY, 404, 410, 429)
            .on(400, Verdict.FATAL, "api-version " + USER_DATA_API_VERSION + " unknown: no userData on this cloud")
            .on(403, Verdict.FATAL, "refused: the request went through a proxy or lacked Metadata: true")
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    public static final StatusTable LOAD_BALANCER = StatusTable.of("GET /metadata/loadbalancer")
            .on(Verdict.OK, 200)
            .on(404, Verdict.ABSENT, "no load balancer: ignored")
            .on(400, Verdict.ABSENT, "not available on this cloud: ignored")
            .on(Verdict.RETRY, 410, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    private final MetadataHttp http;
    private final URI base;
    private final Deadline deadline;

    public AzureImds(FetchContext ctx) {
        this.http = ctx.http(RetryPolicy.azure());
        this.base = ctx.service(BASE);
        this.deadline = http.deadline();
    }

    private HttpResult call(String pathAndQuery, StatusTable t) {
        return http.call(Request.get(URI.create(base + pathAndQuery)).header("Metadata", "true")
                .accepting(pathAndQuery.contains("format=json") ? "application/json" : ""), t, deadline);
    }

    /** {@code /metadata/instance}: compute and network in one document. */
    public JsonNode instance() {
        HttpResult r = call("/metadata/instance?api-version=" + API_VERSION + "&format=json", INSTANCE);
        if (r instanceof HttpResult.Signal s && s.verdict() == Verdict.FALLBACK) {
            r = call("/metadata/instance?api-version=" + FALLBACK_API_VERSION + "&format=json", INSTANCE);
            if (r instanceof HttpResult.Signal) {
                throw new FetchException("Azure IMDS rejects api-version " + API_VERSION + " and " + FALLBACK_API_VERSION);
            }
        }
        return Responses.json(Responses.required(r, "Azure IMDS instance"), "Azure IMDS instance");
    }

    /** Load balancer frontends; empty when there is none. */
    public Optional<JsonNode> loadBalancer() {
        HttpResult r = call("/metadata/loadbalancer?api-version=2020-10-01&format=json", LOAD_BALANCER);
        return Responses.optional(r, "Azure IMDS loadbalancer").filter(b -> !Responses.blank(b))
                .map(b -> Responses.json(b, "Azure IMDS loadbalancer"));
    }

    /** {@code compute/userData} (base64 in IMDS); empty means none was given. */
    public FetchResult userData() {
        HttpResult r = call("/metadata/instance/compute/userData?api-version=" + USER_DATA_API_VERSION + "&format=text",
                USER_DATA);
        FetchResult f = Responses.userData(r, "Azure IMDS userData");
        if (f instanceof FetchResult.Found found) {
            try {
                return new FetchResult.Found(Decoders.base64(found.bytes()), Decoding.of("base64"), found.source());
            } catch (DecodeException e) {
                return new FetchResult.Failed("Azure IMDS userData: " + e.getMessage());
            }
        }
        return f;
    }
}
