package dev.bronze.platform.opennebula;

import dev.bronze.platform.decode.DecodeException;
import dev.bronze.platform.decode.Decoders;
import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.fetch.CloudInitNetwork;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchException;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.NetworkConfig;
import dev.bronze.platform.fetch.PlatformFetcher;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * OpenNebula: the contextualisation disc (label {@code CONTEXT}) with {@code context.sh}, shell
 * assignments such as {@code USER_DATA='...'} (base64 when {@code USERDATA_ENCODING=base64}),
 * {@code SET_HOSTNAME}, and {@code ETHn_*} network values. Parsed, never executed.
 */
public final class OpenNebulaFetcher implements PlatformFetcher {

    static final List<String> LABELS = List.of("CONTEXT", "context");

    @Override
    public String platform() {
        return "opennebula";
    }

    static Optional<Map<String, String>> context(FetchContext ctx) {
        return ctx.volumes().withLabel(LABELS, f -> f.read("context.sh", 16L * 1024 * 1024)
                .map(b -> parse(new String(b, StandardCharsets.UTF_8))));
    }

    /** {@code KEY='value'} lines; a quote inside is written {@code '\''}. Other lines are ignored. */
    public static Map<String, String> parse(String sh) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = sh.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(sh.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(sh.charAt(i)) || sh.charAt(i) == '_')) {
                i++;
            }
            if (i >= n || sh.charAt(i) != '=' || i == start) {
                while (i < n && sh.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            String key = sh.substring(start, i);
            i++;
            StringBuilder v = new StringBuilder();
            while (i < n && sh.charAt(i) != '\n' && !Character.isWhitespace(sh.charAt(i))) {
                char c = sh.charAt(i);
                if (c == '\'') {
                    int close = sh.indexOf('\'', i + 1);
                    if (close < 0) {
                        throw new FetchException("OpenNebula context.sh: unterminated quote in " + key);
                    }
                    v.append(sh, i + 1, close);
                    i = close + 1;
                } else if (c == '\\' && i + 1 < n) {
                    v.append(sh.charAt(i + 1));
                    i += 2;
                } else {
                    v.append(c);
                    i++;
                }
            }
            out.put(key, v.toString());
        }
        return out;
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        Optional<Map<String, String>> c;
        try {
            c = context(ctx);
        } catch (FetchException e) {
            return new FetchResult.Failed(e.getMessage());
        }
        if (c.isEmpty()) {
            return new FetchResult.NoConfigSource("no OpenNebula CONTEXT volume with context.sh");
        }
        String ud = c.get().getOrDefault("USER_DATA", c.get().getOrDefault("USERDATA", ""));
        if (ud.isBlank()) {
            return new FetchResult.NoConfigSource("OpenNebula context has no USER_DATA");
        }
        byte[] raw = ud.getBytes(StandardCharsets.UTF_8);
        if ("base64".equalsIgnoreCase(c.get().getOrDefault("USERDATA_ENCODING", ""))) {
            try {
                return new FetchResult.Found(Decoders.base64(raw), Decoding.of("base64"), "OpenNebula context USER_DATA");
            } catch (DecodeException e) {
                return new FetchResult.Failed("OpenNebula USER_DATA: " + e.getMessage());
            }
        }
        return new FetchResult.Found(raw, Decoding.NONE, "OpenNebula context USER_DATA");
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        Map<String, String> c = context(ctx).orElseThrow(() -> new FetchException("no OpenNebula CONTEXT volume with context.sh"));
        Metadata.Builder m = Metadata.builder("opennebula");
        m.hostname(c.getOrDefault("SET_HOSTNAME", c.get("HOSTNAME"))).instanceId(c.get("VMID"));
        NetworkConfig.Builder n = NetworkConfig.builder();
        TreeSet<String> ifs = new TreeSet<>();
        c.keySet().forEach(k -> {
            if (k.matches("ETH\\d+_MAC")) {
                ifs.add(k.substring(0, k.indexOf('_')));
            }
        });
        for (String eth : ifs) {
            String link = eth.toLowerCase(java.util.Locale.ROOT);
            n.link(NetworkConfig.Link.physical(link, c.get(eth + "_MAC"), c.containsKey(eth + "_MTU") && c.get(eth + "_MTU").matches("\\d{1,6}")
                    ? Integer.valueOf(c.get(eth + "_MTU")) : null));
            String method = c.getOrDefault(eth + "_METHOD", "static");
            if (method.equalsIgnoreCase("dhcp")) {
                n.dhcp4(link);
            } else if (c.get(eth + "_IP") != null) {
                n.address(link, CloudInitNetwork.cidr(c.get(eth + "_IP"), c.get(eth + "_MASK"), null));
                n.route(link, "0.0.0.0/0", c.get(eth + "_GATEWAY"), null);
            }
            if (c.get(eth + "_IP6") != null) {
                n.address(link, CloudInitNetwork.cidr(c.get(eth + "_IP6"), null, c.getOrDefault(eth + "_IP6_PREFIX_LENGTH", "64")));
                n.route(link, "::/0", c.get(eth + "_GATEWAY6"), null);
            }
            for (String dns : c.getOrDefault(eth + "_DNS", "").split("\\s+")) {
                n.resolver(dns);
            }
        }
        m.network(n.build());
        return m.build();
    }
}
