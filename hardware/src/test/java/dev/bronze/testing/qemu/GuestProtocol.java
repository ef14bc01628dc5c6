package dev.bronze.testing.qemu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the line protocol out of a serial console log.
 *
 * <p>The log is whatever the guest wrote: firmware noise, kernel messages, escape sequences, and
 * a guest that may die in the middle of a line. A protocol line starts at {@code BRONZE-} anywhere
 * on a console line (a kernel message can precede it on the same line), ends at CR or LF, and is
 * ignored when it does not parse. Bounded: at most {@value #MAX_LINES} protocol lines of
 * {@value #MAX_LINE} characters each are kept, so a runaway guest cannot exhaust the test's heap.
 */
public final class GuestProtocol {

    static final String PREFIX = "BRONZE-";
    static final int MAX_LINE = 16 * 1024;
    static final int MAX_LINES = 10_000;

    private GuestProtocol() {
    }

    /** Decodes the bytes as UTF-8 (malformed bytes become U+FFFD) and parses them. */
    public static List<GuestLine> parse(byte[] serialLog) {
        return parse(new String(serialLog, StandardCharsets.UTF_8));
    }

    public static List<GuestLine> parse(CharSequence serialLog) {
        List<GuestLine> out = new ArrayList<>();
        int n = serialLog.length();
        int start = 0;
        while (start < n && out.size() < MAX_LINES) {
            int end = start;
            while (end < n && serialLog.charAt(end) != '\n' && serialLog.charAt(end) != '\r') {
                end++;
            }
            if (end > start) {
                String line = serialLog.subSequence(start, Math.min(end, start + MAX_LINE)).toString();
                int at = line.indexOf(PREFIX);
                if (at >= 0) {
                    GuestLine parsed = parseLine(line.substring(at));
                    if (parsed != null) {
                        out.add(parsed);
                    }
                }
            }
            start = end + 1;
        }
        return List.copyOf(out);
    }

    /** One protocol line (starting with {@code BRONZE-}), or null when it is not one. */
    static GuestLine parseLine(String line) {
        int space = line.indexOf(' ');
        String kind = space < 0 ? line.substring(PREFIX.length()) : line.substring(PREFIX.length(), space);
        String rest = space < 0 ? "" : line.substring(space + 1).strip();
        switch (kind) {
            case "BOOT":
                return new GuestLine.Boot(fields(rest));
            case "RESULT": {
                Map<String, String> values = fields(rest);
                return values.isEmpty() ? null : new GuestLine.Result(values);
            }
            case "LOG":
                return new GuestLine.Log(rest);
            case "DONE": {
                Map<String, String> f = fields(rest);
                String status = f.get("status");
                if (status == null || !(status.equals("pass") || status.equals("fail"))) {
                    return null;
                }
                return new GuestLine.Done(status.equals("pass"), f);
            }
            case "CHECK": {
                String[] parts = rest.split(" ", 3);
                if (parts.length < 2 || parts[0].isEmpty()) {
                    return null;
                }
                boolean passed;
                if (parts[1].equals("pass")) {
                    passed = true;
                } else if (parts[1].equals("fail")) {
                    passed = false;
                } else {
                    return null;
                }
                return new GuestLine.Check(parts[0], passed, parts.length == 3 ? parts[2].strip() : "");
            }
            default:
                return null;
        }
    }

    /** {@code k=v k=v}: words without '=' are skipped; a repeated key keeps its last value. */
    static Map<String, String> fields(String rest) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String word : rest.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                m.put(word.substring(0, eq), decode(word.substring(eq + 1)));
            }
        }
        return m;
    }

    /** Percent-decoding as the guest's lib.sh encodes; a malformed escape stays as it was. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                b.write(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
                i += 2;
            } else {
                b.write(raw[i]);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
