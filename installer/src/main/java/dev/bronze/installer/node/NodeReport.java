package dev.bronze.installer.node;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one boot of a node did, as the e2e line protocol's {@code BRONZE-RESULT node=1 ...} line
 * (docs/e2e-toolkit.md): every key always present, absent values as {@code -}, values
 * percent-encoded as the guest's lib.sh does ({@code %}, space, tab, CR, LF, {@code =}).
 */
public record NodeReport(String version, Optional<String> slot, boolean trial, Outcome outcome, Optional<String> platform,
        Optional<String> source, Optional<String> hypervisor, Optional<String> userDataSha256, Optional<Long> userDataBytes,
        Optional<String> instanceId, Optional<String> hostname, double seconds, Optional<String> error) {

    /** How the boot ended for the agent. */
    public enum Outcome {
        CONFIRMED, NOT_A_TRIAL, REJECTED, HUNG, UPGRADED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final String ABSENT = "-";

    /** The fields in the contract's order; {@code error} only when there is one. */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node", "1");
        m.put("version", version == null || version.isEmpty() ? ABSENT : version);
        m.put("slot", slot.orElse(ABSENT));
        m.put("trial", trial ? "yes" : "no");
        m.put("outcome", outcome.id());
        m.put("platform", platform.orElse(ABSENT));
        m.put("source", source.orElse(ABSENT));
        m.put("hypervisor", hypervisor.orElse(ABSENT));
        m.put("userdata_sha256", userDataSha256.orElse(ABSENT));
        m.put("userdata_bytes", userDataBytes.map(String::valueOf).orElse(ABSENT));
        m.put("instance_id", instanceId.orElse(ABSENT));
        m.put("hostname", hostname.orElse(ABSENT));
        m.put("seconds", String.format(Locale.ROOT, "%.1f", seconds));
        error.ifPresent(e -> m.put("error", e));
        return m;
    }

    /** The protocol line, without a line break. */
    public String line() {
        StringBuilder b = new StringBuilder("BRONZE-RESULT");
        fields().forEach((k, v) -> b.append(' ').append(k).append('=').append(encode(v.isEmpty() ? ABSENT : v)));
        return b.toString();
    }

    /**
     * lib.sh's {@code bronze_enc}: {@code %}, space, tab, CR, LF and {@code =} become {@code %XX}.
     * Other control bytes are encoded as well, so that a hostile hostname cannot move the console's
     * cursor or start a protocol line of its own.
     */
    public static String encode(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (byte x : v.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c == '%' || c == ' ' || c == '=' || c < 0x20 || c == 0x7f) {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            } else {
                b.append((char) c);
            }
        }
        // Non-ASCII bytes were appended one char per byte above; rebuild them as UTF-8 text.
        return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
