package dev.bronze.platform.fetch;

import dev.bronze.platform.decode.DecodeException;
import dev.bronze.platform.decode.Decoded;
import dev.bronze.platform.decode.Decoders;
import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.http.MetadataHttp;
import dev.bronze.platform.http.Request;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.StatusTable;
import dev.bronze.platform.http.Verdict;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The user-data of a machine, in Talos's order: {@code talos.config.early=}, then the platform's
 * own sources, then {@code talos.config.inline=}. Whatever the platform returns is then
 * gunzipped when it carries the gzip magic, treated as absent when blank or when it is a
 * {@code #cloud-config} (not ours), and followed when it is an {@code #include} of URLs.
 */
public final class ConfigAcquisition {

    public static final String EARLY = "talos.config.early";
    public static final String INLINE = "talos.config.inline";

    /** #include is followed this deep: an include loop ends with a clear error. */
    private static final int MAX_INCLUDE_DEPTH = 3;

    /** What a fetch of an #include URL means, status by status. */
    public static final StatusTable INCLUDE = StatusTable.of("#include URL")
            .on(Verdict.OK, 200, 203)
            .on(Verdict.ABSENT, 204, 404)
            .on(400, Verdict.FATAL, "the URL is wrong")
            .on(Verdict.FATAL, 401, 403, 405, 410)
            .on(Verdict.RETRY, 408, 425, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    private ConfigAcquisition() {
    }

    public static FetchResult acquire(PlatformFetcher platform, FetchContext ctx) {
        long cap = Decoders.DEFAULT_CAP;
        List<String> early = ctx.cmdline().all(EARLY);
        if (!early.isEmpty()) {
            return inline(early, EARLY, cap);
        }
        FetchResult r;
        try {
            r = platform.userData(ctx);
        } catch (FetchException | DecodeException e) {
            r = new FetchResult.Failed(e.getMessage());
        } catch (dev.bronze.hardware.BronzeException e) {
            r = new FetchResult.Failed(platform.platform() + ": " + e.getMessage());
        }
        if (r instanceof FetchResult.Found f) {
            r = postProcess(f, ctx, cap, 0);
        }
        if (r instanceof FetchResult.NoConfigSource) {
            List<String> late = ctx.cmdline().all(INLINE);
            if (!late.isEmpty()) {
                return inline(late, INLINE, cap);
            }
        }
        return r;
    }

    /** Base64 of zstd; repeated parameters are concatenated in order before decoding (as Talos). */
    public static FetchResult inline(List<String> parts, String param, long cap) {
        String joined = String.join("", parts);
        try {
            byte[] z = Decoders.base64(joined.getBytes(StandardCharsets.US_ASCII));
            byte[] plain = Decoders.zstd(z, cap);
            if (Responses.blank(plain)) {
                return new FetchResult.NoConfigSource(param + "= decodes to nothing");
            }
            return new FetchResult.Found(plain, Decoding.of("base64", "zstd"), param + "=");
        } catch (DecodeException e) {
            return new FetchResult.Failed(param + "= is not base64 of zstd: " + e.getMessage());
        }
    }

    static FetchResult postProcess(FetchResult.Found f, FetchContext ctx, long cap, int depth) {
        byte[] b = f.bytes();
        Decoding d = f.decoding();
        if (Decoders.isGzip(b) && !d.steps().contains("gzip")) {
            try {
                b = Decoders.gunzip(b, cap);
            } catch (DecodeException e) {
                return new FetchResult.Failed(f.source() + ": " + e.getMessage());
            }
            d = d.then("gzip");
        }
        if (Responses.blank(b)) {
            return new FetchResult.NoConfigSource(f.source() + " is empty");
        }
        String first = firstLine(b);
        if (first.startsWith("#cloud-config")) {
            return new FetchResult.NoConfigSource(f.source() + " is a #cloud-config, not a machine configuration");
        }
        if (first.startsWith("#include")) {
            return include(b, f.source(), ctx, cap, depth);
        }
        return new FetchResult.Found(b, d, f.source());
    }

    private static FetchResult include(byte[] b, String source, FetchContext ctx, long cap, int depth) {
        if (depth >= MAX_INCLUDE_DEPTH) {
            return new FetchResult.Failed(source + ": #include nested deeper than " + MAX_INCLUDE_DEPTH);
        }
        List<URI> urls = new ArrayList<>();
        for (String line : new String(b, StandardCharsets.UTF_8).split("\\R")) {
            String l = line.strip();
            if (l.startsWith("#include")) {
                l = l.substring("#include".length()).strip();
            }
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            try {
                URI u = URI.create(l);
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                    return new FetchResult.Failed(source + ": #include URL must be http or https");
                }
                urls.add(u);
            } catch (IllegalArgumentException e) {
                return new FetchResult.Failed(source + ": #include line is not a URL");
            }
        }
        if (urls.isEmpty()) {
            return new FetchResult.NoConfigSource(source + ": #include names no URL");
        }
        MetadataHttp http = ctx.webHttp(RetryPolicy.cloud());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        Decoding d = Decoding.of("include");
        for (URI u : urls) {
            String src = "#include " + u.getScheme() + "://" + u.getRawAuthority() + u.getRawPath();
            FetchResult r = Responses.userData(http, Request.get(u), INCLUDE, src);
            if (r instanceof FetchResult.Found f) {
                r = postProcess(f, ctx, cap, depth + 1);
            }
            if (!(r instanceof FetchResult.Found f)) {
                return r;
            }
            if (all.size() > 0) {
                // Several includes are several YAML documents of one configuration.
                all.writeBytes("\n---\n".getBytes(StandardCharsets.US_ASCII));
            }
            all.writeBytes(f.bytes());
            if (all.size() > cap) {
                return new FetchResult.Failed(source + ": included documents exceed " + cap + " bytes");
            }
            d = d.then(f.decoding());
        }
        return new FetchResult.Found(all.toByteArray(), d, source + " via #include");
    }

    private static String firstLine(byte[] b) {
        int start = 0;
        // A UTF-8 BOM before #cloud-config still marks it.
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            start = 3;
        }
        int end = start;
        while (end < b.length && end - start < 256 && b[end] != '\n') {
            end++;
        }
        return new String(b, start, end - start, StandardCharsets.UTF_8).strip();
    }

    /** For tests and callers that already decoded: the same post-processing. */
    public static FetchResult finish(Decoded d, String source, FetchContext ctx) {
        return postProcess(new FetchResult.Found(d.bytes(), d.decoding(), source), ctx, Decoders.DEFAULT_CAP, 0);
    }
}
