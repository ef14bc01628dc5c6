package dev.bronze.platform;

import dev.bronze.hardware.SysRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel command line as the kernel splits it: words separated by spaces, double quotes
 * group spaces into a value ({@code foo="a b"}), and a parameter may repeat.
 */
public record KernelCmdline(List<Param> params) {

    /** One word: {@code key=value}, or a bare {@code flag} with a null value. */
    public record Param(String key, String value) {
    }

    public KernelCmdline {
        params = List.copyOf(params);
    }

    /** Reads {@code proc/cmdline} (bounded); an unreadable file is an empty command line. */
    public static KernelCmdline read(SysRoot root) {
        return parse(root.read("proc/cmdline", 64 * 1024).text().orElse(""));
    }

    public static KernelCmdline parse(String line) {
        List<Param> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder word = new StringBuilder();
            boolean quoted = false;
            while (i < n && (quoted || !Character.isWhitespace(line.charAt(i)))) {
                char c = line.charAt(i++);
                if (c == '"') {
                    quoted = !quoted;
                } else {
                    word.append(c);
                }
            }
            String w = word.toString();
            int eq = w.indexOf('=');
            out.add(eq < 0 ? new Param(w, null) : new Param(w.substring(0, eq), w.substring(eq + 1)));
        }
        return new KernelCmdline(out);
    }

    /** The last value given for {@code key} (the kernel's own rule for repeated parameters). */
    public Optional<String> get(String key) {
        String v = null;
        for (Param p : params) {
            if (p.key().equals(key) && p.value() != null) {
                v = p.value();
            }
        }
        return Optional.ofNullable(v);
    }

    /** Every value given for {@code key}, in order (Talos concatenates talos.config.inline= parts). */
    public List<String> all(String key) {
        List<String> vs = new ArrayList<>();
        for (Param p : params) {
            if (p.key().equals(key) && p.value() != null) {
                vs.add(p.value());
            }
        }
        return vs;
    }

    /** True when {@code word} appears as a bare word or as a key. */
    public boolean has(String word) {
        for (Param p : params) {
            if (p.key().equals(word)) {
                return true;
            }
        }
        return false;
    }
}
