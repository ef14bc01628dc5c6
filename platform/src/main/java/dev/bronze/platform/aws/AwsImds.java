package dev.bronze.platform.aws;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The EC2 instance metadata service. IMDSv2 first (a session token from {@code PUT
 * /latest/api/token}, reused until shortly before it expires and refreshed on a 401), IMDSv1
 * when the token service is not there (404/405, or 400 behind a container hop limit), and a clear
 * failure when IMDS is disabled (403 on the PUT). The IPv4 and IPv6 endpoints are raced as Talos
 * does and the first to answer is used for the rest of the session.
 */
public final class AwsImds {

    public static final String IPV4 = "http://169.254.169.254";
    public static final String IPV6 = "http://[fd00:ec2::254]";
    static final String TOKEN_PATH = "/latest/api/token";
    static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    static final long TTL_SECONDS = 21600;

    public static final StatusTable TOKEN = StatusTable.of("PUT /latest/api/token")
            .on(Verdict.OK, 200)
            .on(400, Verdict.FALLBACK, "a proxy or a hop limit of 1 in a container mangles the PUT")
            .on(Verdict.FALLBACK, 404, 405)
            .on(403, Verdict.FATAL, "the instance metadata endpoint is disabled (HttpEndpoint=disabled)")
            .on(Verdict.RETRY, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    public static final StatusTable USER_DATA = StatusTable.of("GET /latest/user-data")
            .on(Verdict.OK, 200)
            .on(404, Verdict.ABSENT, "no user-data was given")
            .on(401, Verdict.REFRESH_TOKEN, "token missing or expired")
            .on(403, Verdict.FATAL, "instance metadata access is denied")
            .on(Verdict.RETRY, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    public static final StatusTable META_DATA = StatusTable.of("GET /latest/meta-data/*")
            .on(Verdict.OK, 200)
            .on(404, Verdict.ABSENT, "key not set (public-ipv4 without a public address, tags not enabled)")
            .on(401, Verdict.REFRESH_TOKEN, "token missing or expired")
            .on(403, Verdict.FATAL, "instance metadata access is denied")
            .on(Verdict.RETRY, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    /** The token PUT gets a short budget of its own: the SDK falls back to IMDSv1 when it times out. */
    private static final Duration TOKEN_BUDGET = Duration.ofSeconds(10);
    private static final Duration RACE_PROBE = Duration.ofSeconds(5);
    private static final Duration RACE_BUDGET = Duration.ofSeconds(30);
    private static final int MAX_REFRESHES = 3;
    /** Any HTTP answer, even a 401, proves that an endpoint is there. */
    private static final StatusTable ANY_ANSWER = StatusTable.of("probe").onClass(2, Verdict.OK)
            .onClass(3, Verdict.OK).onClass(4, Verdict.OK).onClass(5, Verdict.OK).otherwise(Verdict.OK, "").build();

    private final MetadataHttp http;
    private final List<URI> bases;
    private final Deadline deadline;
    private URI base;
    private String token;
    private Instant tokenExpiry;
    private boolean v1;
    private String tokenProblem;

    public AwsImds(FetchContext ctx) {
        this(ctx, List.of(ctx.service(IPV4), ctx.service(IPV6)));
    }

    /** {@code bases} are raced; with {@code --endpoint} both collapse into one and no race is run. */
    AwsImds(FetchContext ctx, List<URI> bases) {
        this.http = ctx.http(RetryPolicy.cloud());
        this.bases = new ArrayList<>(new LinkedHashSet<>(bases));
        this.deadline = http.deadline();
    }

    /** The raw user-data. */
    public FetchResult userData() {
        HttpResult r;
        try {
            r = get("/latest/user-data", USER_DATA);
        } catch (FetchException e) {
            return new FetchResult.Failed(e.getMessage());
        }
        return Responses.userData(r, "AWS IMDS user-data");
    }

    /** A meta-data key ({@code instance-id}, {@code placement/region}); empty when IMDS says 404. */
    public Optional<String> metaData(String key) {
        return Responses.optionalText(get("/latest/meta-data/" + key, META_DATA), "meta-data/" + key);
    }

    /** A meta-data directory listing, one entry a line (sub-directories end with {@code /}). */
    public List<String> list(String key) {
        return metaData(key).map(s -> List.of(s.split("\n"))).orElse(List.of()).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public Optional<byte[]> dynamic(String key) {
        return Responses.optional(get("/latest/dynamic/" + key, META_DATA), "dynamic/" + key);
    }

    HttpResult get(String path, StatusTable table) {
        URI b = base();
        for (int refresh = 0; ; refresh++) {
            Request req = Request.get(URI.create(b + path));
            String t = token();
            if (t != null) {
                req = req.header(TOKEN_HEADER, t);
            }
            HttpResult r = http.call(req, table, deadline);
            if (r instanceof HttpResult.Failed f && tokenProblem != null) {
                r = new HttpResult.Failed(f.cause() + "; before that, no session token: " + tokenProblem, f.fatal());
            }
            if (r instanceof HttpResult.Signal s && s.verdict() == Verdict.REFRESH_TOKEN) {
                if (refresh >= MAX_REFRESHES) {
                    throw new FetchException("AWS IMDS rejected " + (MAX_REFRESHES + 1)
                            + " fresh session tokens with 401 on " + path);
                }
                // A 401 means a token is required (or ours went stale): IMDSv1 is no longer an option.
                token = null;
                v1 = false;
                continue;
            }
            return r;
        }
    }

    private String token() {
        if (v1) {
            return null;
        }
        if (token != null && http.clock().instant().isBefore(tokenExpiry)) {
            return token;
        }
        Request put = Request.get(URI.create(base() + TOKEN_PATH)).method("PUT", new byte[0])
                .header(TTL_HEADER, Long.toString(TTL_SECONDS));
        // A third of what is left at most, so that IMDSv1 still gets its chance when the PUT hangs.
        Duration third = deadline.remaining().dividedBy(3);
        Duration budget = third.compareTo(TOKEN_BUDGET) < 0 ? third : TOKEN_BUDGET;
        Instant asked = http.clock().instant();
        HttpResult r = http.call(put, TOKEN, Deadline.after(http.clock(), budget));
        if (r instanceof HttpResult.Ok ok) {
            token = new String(ok.response().body(), StandardCharsets.US_ASCII).strip();
            // Renew a minute early so that a token never expires between our check and IMDS's.
            tokenExpiry = asked.plusSeconds(TTL_SECONDS - 60);
            return token;
        }
        if (r instanceof HttpResult.Failed f && f.fatal()) {
            throw new FetchException(f.cause());
        }
        if (r instanceof HttpResult.Failed f) {
            tokenProblem = f.cause();
        }
        // FALLBACK, or no token within its budget: continue with IMDSv1 as the SDK does.
        v1 = true;
        return null;
    }

    /** The endpoint that answered first (Talos: each probed with 5 s attempts for up to 30 s). */
    URI base() {
        if (base != null) {
            return base;
        }
        if (bases.size() == 1) {
            base = bases.get(0);
            return base;
        }
        Duration budget = deadline.remaining().compareTo(RACE_BUDGET) < 0 ? deadline.remaining() : RACE_BUDGET;
        MetadataHttp probe = http.with(http.policy().withAttemptTimeout(RACE_PROBE).withDeadline(budget));
        ExecutorService pool = Executors.newFixedThreadPool(bases.size(), r -> {
            Thread t = new Thread(r, "imds-race");
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<URI> race = new ExecutorCompletionService<>(pool);
            for (URI b : bases) {
                race.submit(() -> probe.call(Request.get(URI.create(b + "/latest/meta-data/instance-id")), ANY_ANSWER)
                        instanceof HttpResult.Failed ? null : b);
            }
            long end = System.nanoTime() + budget.toNanos() + 1_000_000_000L;
            for (int i = 0; i < bases.size(); i++) {
                Future<URI> f = race.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (f == null) {
                    break;
                }
                URI u = f.get();
                if (u != null) {
                    base = u;
                    return base;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new FetchException("AWS IMDS probe failed: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
        throw new FetchException("AWS IMDS answered on none of " + bases + " within " + MetadataHttp.human(budget));
    }
}
