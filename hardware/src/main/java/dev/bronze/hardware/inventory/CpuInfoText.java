package dev.bronze.hardware.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /proc/cpuinfo} as a list of per-processor key/value blocks (plus a trailing global block on arm). */
final class CpuInfoText {

    private final List<Map<String, String>> processors;
    private final Map<String, String> global;

    private CpuInfoText(List<Map<String, String>> processors, Map<String, String> global) {
        this.processors = processors;
        this.global = global;
    }

    static CpuInfoText parse(String text) {
        List<Map<String, String>> procs = new ArrayList<>();
        Map<String, String> global = new LinkedHashMap<>();
        Map<String, String> cur = null;
        for (String line : text.split("\n")) {
            int c = line.indexOf(':');
            if (line.isBlank()) {
                cur = null;
                continue;
            }
            if (c < 0) {
                continue;
            }
            String k = line.substring(0, c).strip();
            String v = line.substring(c + 1).strip();
            if (k.equals("processor")) {
                cur = new LinkedHashMap<>();
                procs.add(cur);
            }
            (cur != null ? cur : global).put(k, v);
        }
        return new CpuInfoText(procs, global);
    }

    List<Map<String, String>> processors() {
        return processors;
    }

    /** A key of the first processor, or of the global block (arm32 "Hardware", "Revision"). */
    String first(String key) {
        for (Map<String, String> p : processors) {
            if (p.containsKey(key)) {
                return p.get(key);
            }
        }
        return global.get(key);
    }
}
