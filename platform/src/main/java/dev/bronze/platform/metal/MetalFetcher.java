package dev.bronze.platform.metal;

import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchException;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.fetch.Responses;
import dev.bronze.platform.http.Request;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.StatusTable;
import dev.bronze.platform.http.Verdict;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Bare metal: {@code talos.config=URL} (variables filled in), {@code talos.config=metal-iso} (a
 * volume labelled metal-iso holding config.yaml), or, without talos.config=, the user-data of a
 * cidata volume. 3 min attempts inside a 3 h budget,
 * as Talos: a provisioning server that is late is normal on metal.
 */
public class MetalFetcher implements PlatformFetcher {

    public static final String PARAM = "talos.config";
    public static final String ISO_LABEL = "metal-iso";
    static final String ISO_FILE = "config.yaml";
    static final List<String> CIDATA = List.of("cidata", "CIDATA");

    public static final StatusTable CONFIG_URL = StatusTable.of("GET talos.config=URL")
            .on(Verdict.OK, 200, 203)
            .on(404, Verdict.ABSENT, "no configuration for this machine")
            .on(204, Verdict.ABSENT, "empty")
            .on(400, Verdict.FATAL, "the server rejects the request")
            .on(Verdict.FATAL, 401, 403, 405, 410)
            .on(Verdict.RETRY, 408, 425, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    @Override
    public String platform() {
        return "metal";
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        Optional<String> cfg = ctx.cmdline().get(PARAM);
        if (cfg.isPresent() && cfg.get().equals("none")) {
            return new FetchResult.NoConfigSource("talos.config=none");
        }
        if (cfg.isEmpty() || cfg.get().isBlank()) {
            // No URL: a NoCloud-style seed disc (cidata) is the other way metal machines get a config.
            return ctx.volumes().withLabel(CIDATA, f -> f.read("user-data", 16L * 1024 * 1024)
                    .map(b -> Responses.blank(b)
                            ? (FetchResult) new FetchResult.NoConfigSource("user-data on volume " + f.label() + " is empty")
                            : new FetchResult.Found(b, Decoding.NONE, "volume " + f.label() + " (user-data)")))
                    .orElse(new FetchResult.NoConfigSource("no talos.config= on the kernel command line and no cidata volume"));
        }
        String v = cfg.get();
        if (v.equals(ISO_LABEL)) {
            return ctx.volumes().withLabel(List.of(ISO_LABEL), f -> f.read(ISO_FILE, 16L * 1024 * 1024)
                    .map(b -> Responses.blank(b)
                            ? (FetchResult) new FetchResult.NoConfigSource("config.yaml on volume metal-iso is empty")
                            : new FetchResult.Found(b, Decoding.NONE, "volume metal-iso (config.yaml)")))
                    .orElse(new FetchResult.NoConfigSource("no volume labelled metal-iso with config.yaml"));
        }
        if (v.equals("guestinfo")) {
            return new FetchResult.NoConfigSource("talos.config=guestinfo is VMware's source, not metal's");
        }
        URI url;
        try {
            url = ConfigUrl.expand(v, SystemFacts.read(ctx.root()));
        } catch (FetchException e) {
            return new FetchResult.Failed(e.getMessage());
        }
        String where = url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
        if (url.getScheme().equals("file")) {
            var r = ctx.root().read(url.getPath(), 16 * 1024 * 1024);
            if (r instanceof dev.bronze.hardware.SysRead.Content c && !c.truncated()) {
                return new FetchResult.Found(c.bytes(), Decoding.NONE, "talos.config " + where);
            }
            return new FetchResult.NoConfigSource("talos.config " + where + ": " + r.describe());
        }
        return Responses.userData(ctx.webHttp(RetryPolicy.metal()), Request.get(url), CONFIG_URL, "talos.config " + where);
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        SystemFacts f = SystemFacts.read(ctx.root());
        Metadata.Builder m = Metadata.builder(platform());
        m.instanceId(f.uuid().orElse(null));
        m.hostname(ctx.cmdline().get("talos.hostname").orElse(f.hostname().orElse(null)));
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(CONFIG_URL);
    }
}
