package dev.bronze.platform.gcp;

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
 * The GCE metadata server ({@code computeMetadata/v1}). Every request carries
 * {@code Metadata-Flavor: Google}; without it the server answers 403, which is why a 403 here
 * is fatal (something other than our client is wrong) rather than retried.
 */
public final class GcpMetadataServer {

    public static final String BASE = "http://169.254.169.254/computeMetadata/v1/";
    static final String FLAVOR = "Metadata-Flavor";

    public static final StatusTable USER_DATA = StatusTable.of("GET instance/attributes/user-data")
            .on(Verdict.OK, 200)
            .on(404, Verdict.ABSENT, "the attribute is not defined")
            .on(403, Verdict.FATAL, "refused: missing Metadata-Flavor header or a proxy added X-Forwarded-For")
            .on(Verdict.RETRY, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    public static final StatusTable METADATA = StatusTable.of("GET instance/*, project/*")
            .on(Verdict.OK, 200)
            .on(404, Verdict.ABSENT, "key not defined")
            .on(403, Verdict.FATAL, "refused: missing Metadata-Flavor header or a proxy added X-Forwarded-For")
            .on(Verdict.RETRY, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    private final MetadataHttp http;
    private final URI base;
    private final Deadline deadline;

    public GcpMetadataServer(FetchContext ctx) {
        this.http = ctx.http(RetryPolicy.cloud());
        this.base = ctx.service(BASE);
        this.deadline = http.deadline();
    }

    private HttpResult call(String path, StatusTable t) {
        HttpResult r = http.call(Request.get(base.resolve(path)).header(FLAVOR, "Google"), t, deadline);
        if (r instanceof HttpResult.Ok ok && !"Google".equals(ok.response().header(FLAVOR).orElse(null))) {
            // Something else answers on the metadata address (a wrong --platform, a proxy): its
            // bytes are not GCE's and must not be taken for user-data.
            return new HttpResult.Failed("GET " + path + ": the answer lacks Metadata-Flavor: Google; not the GCE metadata server",
                    true);
        }
        return r;
    }

    /** {@code instance/attributes/user-data}, base64-decoded when {@code user-data-encoding} says so. */
    public FetchResult userData() {
        FetchResult r = Responses.userData(call("instance/attributes/user-data", USER_DATA), "GCE user-data attribute");
        if (!(r instanceof FetchResult.Found f)) {
            return r;
        }
        Optional<String> enc;
        try {
            enc = text("instance/attributes/user-data-encoding");
        } catch (FetchException e) {
            return new FetchResult.Failed(e.getMessage());
        }
        if (enc.isPresent() && enc.get().equalsIgnoreCase("base64")) {
            try {
                return new FetchResult.Found(Decoders.base64(f.bytes()), Decoding.of("base64"), f.source());
            } catch (DecodeException e) {
                return new FetchResult.Failed("GCE user-data marked base64: " + e.getMessage());
            }
        }
        return f;
    }

    public Optional<String> text(String path) {
        return Responses.optionalText(call(path, METADATA), path);
    }

    public Optional<JsonNode> json(String path) {
        return Responses.optional(call(path + (path.contains("?") ? "&" : "?") + "alt=json", METADATA), path)
                .map(b -> Responses.json(b, "GCE " + path));
    }
}
