package dev.bronze.platform.openstack;

import dev.bronze.platform.fetch.FetchContext;
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

/** The Nova metadata service ({@code /openstack/latest/...} and the EC2-compatible {@code /latest/meta-data/}). */
public final class OpenStackMetadataService {

    public static final String BASE = "http://169.254.169.254";

    public static final StatusTable TABLE = StatusTable.of("GET /openstack/latest/*")
            .on(Verdict.OK, 200)
            .on(404, Verdict.ABSENT, "not given (user_data, network_data.json on old clouds)")
            .on(Verdict.RETRY, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    private final MetadataHttp http;
    private final URI base;
    private final Deadline deadline;

    public OpenStackMetadataService(FetchContext ctx) {
        this.http = ctx.http(RetryPolicy.cloud());
        this.base = ctx.service(BASE);
        this.deadline = http.deadline();
    }

    public Optional<byte[]> get(String path) {
        HttpResult r = http.call(Request.get(URI.create(base + path)), TABLE, deadline);
        return Responses.optional(r, "OpenStack " + path);
    }

    public FetchResult userData() {
        return Responses.userData(http.call(Request.get(URI.create(base + "/openstack/latest/user_data")), TABLE, deadline),
                "OpenStack metadata service user_data");
    }
}
