package dev.bronze.platform.bench;

import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.KernelCmdline;
import dev.bronze.platform.aws.AwsFetcher;
import dev.bronze.platform.azure.AzureFetcher;
import dev.bronze.platform.fetch.ConfigAcquisition;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.gcp.GcpFetcher;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.metal.MetalFetcher;
import dev.bronze.platform.sim.AwsSimulator;
import dev.bronze.platform.sim.GcpSimulator;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.platform.sim.MetadataSimulator.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Time to user-data against the simulators, real clock and real sleeps, with the platforms' own
 * retry policies: once with no faults and once with 30% of requests failing (half HTTP 500, half
 * dropped connections). Run with {@code bench/userdata [iterations]}.
 */
public final class UserdataBench {

    record Case(String name, PlatformFetcher fetcher, RetryPolicy policy, Function<MetadataSimulator, String> setup) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        String config = "machine:\n  type: worker\n" + "# padding\n".repeat(200);
        List<Case> cases = List.of(
                new Case("aws", new AwsFetcher(), RetryPolicy.cloud(), s -> {
                    new AwsSimulator(s).put("/latest/user-data", config);
                    return "";
                }),
                new Case("gcp", new GcpFetcher(), RetryPolicy.cloud(), s -> {
                    new GcpSimulator(s).put("instance/attributes/user-data", config);
                    return "";
                }),
                new Case("azure", new AzureFetcher(), RetryPolicy.azure(), s -> {
                    s.rule(c -> "true".equals(c.header("Metadata")) ? null : Reply.status(403));
                    s.get("/metadata/instance/compute/userData", Base64.getEncoder().encodeToString(config.getBytes()));
                    return "";
                }),
                new Case("metal", new MetalFetcher(), RetryPolicy.metal(), s -> {
                    s.get("/config.yaml", config);
                    return "talos.config=" + s.base() + "/config.yaml";
                }));
        Path root = Files.createTempDirectory("bench-root");
        System.out.printf(Locale.ROOT, "%-6s %-10s %8s %8s %8s %8s %9s  %s%n", "cloud", "faults", "median", "p90", "max",
                "requests", "failures", "policy (attempt / backoff / jitter / deadline)");
        for (Case c : cases) {
            for (double rate : new double[] {0.0, 0.3}) {
                List<Long> ms = new ArrayList<>();
                long requests = 0;
                int failures = 0;
                // Iteration -1 warms up the JIT and the HTTP client and is not counted.
                for (int i = -1; i < n; i++) {
                    try (MetadataSimulator sim = new MetadataSimulator()) {
                        String cmdline = c.setup().apply(sim);
                        sim.failRate(rate, 1000L * i + 7);
                        FetchContext ctx = FetchContext.builder(SysRoot.of(root)).cmdline(KernelCmdline.parse(cmdline))
                                .endpoint(sim.base()).build();
                        long t0 = System.nanoTime();
                        FetchResult r = ConfigAcquisition.acquire(c.fetcher(), ctx);
                        if (i < 0) {
                            continue;
                        }
                        ms.add((System.nanoTime() - t0) / 1_000_000);
                        requests += sim.calls().size();
                        if (!(r instanceof FetchResult.Found)) {
                            failures++;
                        }
                    }
                }
                ms.sort(null);
                RetryPolicy p = c.policy();
                System.out.printf(Locale.ROOT, "%-6s %-10s %7dms %7dms %7dms %8.1f %9d  %s / %s..%s / %s / %s%n", c.name(),
                        rate == 0 ? "none" : "30% fail", ms.get(ms.size() / 2), ms.get((int) Math.min(ms.size() - 1, Math.ceil(ms.size() * 0.9) - 1)),
                        ms.get(ms.size() - 1), (double) requests / n, failures, human(p.attemptTimeout()), human(p.initialBackoff()),
                        human(p.maxBackoff()), human(p.jitter()), human(p.deadline()));
            }
        }
    }

    static String human(Duration d) {
        return dev.bronze.platform.http.MetadataHttp.human(d);
    }
}
