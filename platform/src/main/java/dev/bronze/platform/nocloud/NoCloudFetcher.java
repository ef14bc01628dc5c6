package dev.bronze.platform.nocloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.KernelCmdline;
import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.fetch.CloudInitNetwork;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchException;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.fetch.Responses;
import dev.bronze.platform.http.HttpResult;
import dev.bronze.platform.http.MetadataHttp;
import dev.bronze.platform.http.Request;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.StatusTable;
import dev.bronze.platform.http.Verdict;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * NoCloud: a network seed ({@code ds=nocloud-net;s=URL} on the kernel command line or in the
 * SMBIOS serial), else a volume labelled {@code cidata}/{@code CIDATA} holding
 * {@code meta-data}, {@code network-config} and {@code user-data}.
 */
public final class NoCloudFetcher implements PlatformFetcher {

    static final List<String> LABELS = List.of("cidata", "CIDATA");
    static final long CAP = 16L * 1024 * 1024;

    public static final StatusTable SEED = StatusTable.of("GET <seed>{user-data,meta-data,network-config}")
            .on(Verdict.OK, 200)
            .on(Verdict.ABSENT, 204, 404)
            .on(Verdict.FATAL, 400, 401, 403, 410)
            .on(Verdict.RETRY, 408, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    /** The three seed files, each possibly absent. */
    record Seed(String where, Optional<byte[]> metaData, Optional<byte[]> networkConfig, Optional<byte[]> userData,
                Optional<NoCloudSeed> selector) {
    }

    @Override
    public String platform() {
        return "nocloud";
    }

    static Optional<NoCloudSeed> selector(FetchContext ctx) {
        KernelCmdline c = ctx.cmdline();
        Optional<NoCloudSeed> s = c.get("ds").flatMap(NoCloudSeed::parse);
        if (s.isEmpty()) {
            s = c.get("ci.ds").flatMap(NoCloudSeed::parse);
        }
        if (s.isEmpty()) {
            s = ctx.root().text("sys/class/dmi/id/product_serial").flatMap(NoCloudSeed::parse);
        }
        return s;
    }

    Seed seed(FetchContext ctx, boolean wantUserData) {
        Optional<NoCloudSeed> sel = selector(ctx);
        Optional<String> url = sel.flatMap(NoCloudSeed::seedFrom).filter(u -> u.startsWith("http://") || u.startsWith("https://"));
        if (url.isPresent()) {
            MetadataHttp http = ctx.webHttp(RetryPolicy.cloud());
            String base = url.get();
            return new Seed("NoCloud seed " + hostOf(base), get(http, base, "meta-data"), get(http, base, "network-config"),
                    wantUserData ? get(http, base, "user-data") : Optional.empty(), sel);
        }
        return ctx.volumes().withLabel(LABELS, f -> Optional.of(new Seed("volume " + f.label(), f.read("meta-data", CAP),
                        f.read("network-config", CAP), f.read("user-data", CAP), sel)))
                .orElse(new Seed(null, Optional.empty(), Optional.empty(), Optional.empty(), sel));
    }

    private static Optional<byte[]> get(MetadataHttp http, String seed, String name) {
        HttpResult r = http.call(Request.get(URI.create(NoCloudSeed.file(seed, name))), SEED);
        return Responses.optional(r, "NoCloud " + name);
    }

    private static String hostOf(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority() + u.getRawPath();
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        Seed s;
        try {
            s = seed(ctx, true);
        } catch (FetchException e) {
            return new FetchResult.Failed(e.getMessage());
        }
        if (s.where() == null) {
            return new FetchResult.NoConfigSource("no ds=nocloud-net;s= seed and no volume labelled cidata");
        }
        if (s.userData().isEmpty() || Responses.blank(s.userData().get())) {
            return new FetchResult.NoConfigSource(s.where() + " has no user-data");
        }
        return new FetchResult.Found(s.userData().get(), Decoding.NONE, s.where() + " user-data");
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        Seed s = seed(ctx, true);
        Metadata.Builder m = Metadata.builder(platform());
        s.metaData().ifPresent(b -> {
            JsonNode md = Responses.yaml(b, "NoCloud meta-data");
            m.instanceId(Responses.text(md, "instance-id"));
            m.hostname(Responses.text(md, "local-hostname"));
            if (m.hostname() == null) {
                m.hostname(Responses.text(md, "hostname"));
            }
            m.instanceType(Responses.text(md, "instance-type"));
            m.zone(Responses.text(md, "placement", "availability-zone"));
            m.externalIP(Responses.text(md, "public-ipv4"));
            // Some seeds carry the network config inside meta-data.
            if (md.has("network") && md.get("network").isObject()) {
                m.network(CloudInitNetwork.parse(md, "NoCloud meta-data network"));
            }
        });
        s.networkConfig().filter(b -> !Responses.blank(b))
                .ifPresent(b -> m.network(CloudInitNetwork.parse(Responses.yaml(b, "NoCloud network-config"), "NoCloud network-config")));
        s.selector().ifPresent(sel -> {
            sel.hostname().ifPresent(m::hostname);
            sel.instanceId().ifPresent(m::instanceId);
        });
        if (m.hostname() == null) {
            // Proxmox puts the hostname only in the #cloud-config user-data.
            s.userData().ifPresent(u -> m.hostname(cloudConfigHostname(u)));
        }
        return m.build();
    }

    static String cloudConfigHostname(byte[] userData) {
        String text = new String(userData, StandardCharsets.UTF_8);
        if (!text.startsWith("#cloud-config")) {
            return null;
        }
        try {
            JsonNode n = Responses.yaml(userData, "user-data");
            String fqdn = Responses.text(n, "fqdn");
            String h = Responses.text(n, "hostname");
            return h != null ? h : fqdn;
        } catch (FetchException e) {
            return null;
        }
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(SEED);
    }
}
