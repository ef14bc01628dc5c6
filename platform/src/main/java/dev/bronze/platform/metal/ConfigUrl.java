package dev.bronze.platform.metal;

import dev.bronze.platform.fetch.FetchException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code talos.config=} URL with {@code ${uuid}}, {@code ${serial}}, {@code ${mac}} and
 * {@code ${hostname}} filled in — in the query <em>and</em> in the path (Talos only does the
 * query; its issue #10225 asks for the path). Names match case-insensitively. The legacy form
 * {@code ?uuid=} with an empty value gets the UUID. Values are percent-encoded for where they
 * land, so a serial with a slash or a space cannot change the URL's shape.
 */
public final class ConfigUrl {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z]+)}");

    private ConfigUrl() {
    }

    public static URI expand(String template, SystemFacts facts) {
        URI raw;
        try {
            raw = new URI(template.replace("${", "%24%7B").replace("}", "%7D"));
        } catch (URISyntaxException e) {
            throw new FetchException("talos.config is not a URL: " + e.getReason());
        }
        String scheme = raw.getScheme();
        if (scheme == null) {
            throw new FetchException("talos.config URL has no scheme (http://, https:// or file://)");
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https") && !s.equals("file")) {
            throw new FetchException("talos.config URL scheme " + s + " is not supported (http, https, file)");
        }
        int q = template.indexOf('?');
        int frag = template.indexOf('#');
        String head = q < 0 ? (frag < 0 ? template : template.substring(0, frag)) : template.substring(0, q);
        String query = q < 0 ? null : (frag > q ? template.substring(q + 1, frag) : template.substring(q + 1));
        StringBuilder out = new StringBuilder(substitute(head, facts, false));
        if (query != null) {
            out.append('?');
            String[] pairs = query.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                String p = pairs[i];
                if (i > 0) {
                    out.append('&');
                }
                if (p.equalsIgnoreCase("uuid=")) {
                    // Legacy: an empty uuid= parameter means "the UUID".
                    out.append(p).append(enc(need(facts.uuid(), "uuid"), true));
                } else {
                    out.append(substitute(p, facts, true));
                }
            }
        }
        try {
            return new URI(out.toString());
        } catch (URISyntaxException e) {
            throw new FetchException("talos.config URL is invalid after substitution: " + e.getReason());
        }
    }

    private static String substitute(String part, SystemFacts f, boolean query) {
        Matcher m = VAR.matcher(part);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            String v = switch (name) {
                case "uuid" -> need(f.uuid(), "uuid");
                case "serial" -> need(f.serial(), "serial");
                case "mac" -> need(f.mac(), "mac");
                case "hostname" -> need(f.hostname(), "hostname");
                default -> throw new FetchException("talos.config URL uses ${" + m.group(1)
                        + "}, which is not known (uuid, serial, mac, hostname)");
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(enc(v, query)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String need(Optional<String> v, String name) {
        return v.orElseThrow(() -> new FetchException("talos.config URL uses ${" + name + "}, but this machine has no "
                + switch (name) {
                    case "uuid" -> "SMBIOS system UUID";
                    case "serial" -> "SMBIOS serial number";
                    case "mac" -> "network interface with a hardware address";
                    default -> "hostname";
                }));
    }

    /**
     * Query values: form encoding. Path: RFC 3986 pchar kept (so a MAC keeps its colons), every
     * other byte percent-encoded, '/' included, so a value stays one segment.
     */
    static String enc(String v, boolean query) {
        if (query) {
            return URLEncoder.encode(v, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
            if (keep) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }
}
