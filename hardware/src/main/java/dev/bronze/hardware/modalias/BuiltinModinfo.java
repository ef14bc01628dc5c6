package dev.bronze.hardware.modalias;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code modules.builtin.modinfo}: the kernel build's {@code MODULE_INFO} records of built-in
 * code, each {@code module.key=value} ending in NUL ({@code alias}, {@code firmware},
 * {@code license}, ...). depmod turns its {@code alias} records into
 * {@code modules.builtin.alias.bin}; we read them directly.
 *
 * @param records every well-formed record, in file order
 */
public record BuiltinModinfo(List<Record> records) {

    /** One {@code module.key=value} record. */
    public record Record(String module, String key, String value) {
    }

    public BuiltinModinfo {
        records = List.copyOf(records);
    }

    /**
     * Parses the NUL-separated records. Like depmod, a record without a '.' before its '=' or
     * without '=' is skipped, never fatal: this file comes from the kernel build, not from us.
     */
    public static BuiltinModinfo parse(byte[] data) {
        List<Record> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == 0) {
                if (i > start) {
                    String rec = new String(data, start, i - start, StandardCharsets.UTF_8);
                    int dot = rec.indexOf('.');
                    int eq = rec.indexOf('=');
                    if (dot > 0 && eq > dot + 1) {
                        out.add(new Record(rec.substring(0, dot), rec.substring(dot + 1, eq), rec.substring(eq + 1)));
                    }
                }
                start = i + 1;
            }
        }
        return new BuiltinModinfo(out);
    }

    /** Built-in module names, in first-seen order. */
    public List<String> modules() {
        Set<String> s = new LinkedHashSet<>();
        for (Record r : records) {
            s.add(r.module());
        }
        return List.copyOf(s);
    }

    /** The {@code alias} records, in file order. */
    public List<ModuleCatalog.Alias> aliases() {
        List<ModuleCatalog.Alias> a = new ArrayList<>();
        for (Record r : records) {
            if (r.key().equals("alias") && !r.value().isEmpty()) {
                a.add(new ModuleCatalog.Alias(r.value(), r.module()));
            }
        }
        return a;
    }

    /** Values of one key per module ({@code firmware}, {@code license}, ...), in file order. */
    public Map<String, List<String>> valuesOf(String key) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Record r : records) {
            if (r.key().equals(key)) {
                m.computeIfAbsent(r.module(), k -> new ArrayList<>()).add(r.value());
            }
        }
        return m;
    }
}
