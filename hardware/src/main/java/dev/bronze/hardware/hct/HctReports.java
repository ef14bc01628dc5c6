package dev.bronze.hardware.hct;

import dev.bronze.hardware.hct.HctReport.Check;
import dev.bronze.hardware.hct.HctReport.Device;
import dev.bronze.hardware.hct.HctReport.Status;
import dev.bronze.hardware.hct.HctReport.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report as JSON-ready maps, JUnit XML (so CI systems show it) and Markdown. */
public final class HctReports {

    private HctReports() {
    }

    public static Map<String, Object> json(HctReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", r.machine());
        m.put("blocksInstall", r.blocksInstall());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Check c : r.checks()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("status", c.status().json());
            cm.put("detail", c.detail());
            checks.add(cm);
        }
        m.put("checks", checks);
        List<Map<String, Object>> devs = new ArrayList<>();
        for (Device d : r.devices()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("bus", d.bus());
            dm.put("address", d.address());
            dm.put("description", d.description());
            dm.put("modalias", d.modalias());
            dm.put("driver", d.driver());
            dm.put("verdict", d.verdict().json());
            dm.put("modules", d.modules());
            dm.put("detail", d.detail());
            devs.add(dm);
        }
        m.put("devices", devs);
        return m;
    }

    /** JUnit XML: one test case per check and per device; fail and unsupported are failures, warn is skipped-with-message. */
    public static String junit(HctReport r) {
        int failures = 0;
        int skipped = 0;
        StringBuilder cases = new StringBuilder();
        for (Check c : r.checks()) {
            cases.append("    <testcase classname=\"hct.checks\" name=\"").append(xml(c.name())).append("\">");
            if (c.status() == Status.FAIL) {
                failures++;
                cases.append("<failure message=\"").append(xml(c.detail())).append("\"/>");
            } else if (c.status() == Status.WARN) {
                skipped++;
                cases.append("<skipped message=\"warn: ").append(xml(c.detail())).append("\"/>");
            }
            cases.append("<system-out>").append(xml(c.detail())).append("</system-out></testcase>\n");
        }
        for (Device d : r.devices()) {
            cases.append("    <testcase classname=\"hct.devices.").append(xml(d.bus())).append("\" name=\"")
                    .append(xml(d.address() + " " + d.description())).append("\">");
            if (d.verdict() == Verdict.UNSUPPORTED) {
                failures++;
                cases.append("<failure message=\"unsupported: ").append(xml(d.detail())).append("\"/>");
            } else if (d.verdict() == Verdict.NEEDS_FIRMWARE || d.verdict() == Verdict.NEEDS_EXTENSION) {
                skipped++;
                cases.append("<skipped message=\"").append(d.verdict().json()).append(": ").append(xml(d.detail())).append("\"/>");
            }
            cases.append("<system-out>").append(d.verdict().json()).append(": ").append(xml(d.detail()))
                    .append("</system-out></testcase>\n");
        }
        int tests = r.checks().size() + r.devices().size();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuites name=\"bronze hct\" tests=\"" + tests + "\" failures=\"" + failures + "\">\n"
                + "  <testsuite name=\"" + xml(r.machine()) + "\" tests=\"" + tests + "\" failures=\"" + failures
                + "\" errors=\"0\" skipped=\"" + skipped + "\">\n" + cases + "  </testsuite>\n</testsuites>\n";
    }

    public static String markdown(HctReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Hardware compatibility: ").append(md(r.machine())).append("\n\n");
        sb.append(r.blocksInstall() ? "**Blocks installation.**\n\n" : "Nothing blocks installation.\n\n");
        sb.append("| check | status | detail |\n| --- | --- | --- |\n");
        for (Check c : r.checks()) {
            sb.append("| ").append(md(c.name())).append(" | ").append(c.status().json()).append(" | ").append(md(c.detail())).append(" |\n");
        }
        sb.append("\n| bus | device | verdict | driver / modules | detail |\n| --- | --- | --- | --- | --- |\n");
        for (Device d : r.devices()) {
            sb.append("| ").append(d.bus()).append(" | ").append(md(d.address() + " " + d.description())).append(" | ")
                    .append(d.verdict().json()).append(" | ")
                    .append(md(d.driver() != null ? d.driver() : String.join(", ", d.modules()))).append(" | ")
                    .append(md(d.detail())).append(" |\n");
        }
        return sb.toString();
    }

    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    static String md(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
