package dev.bronze.cli;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.disk.discovery.Disk;
import dev.bronze.hardware.disk.discovery.DiskUse;
import dev.bronze.hardware.disk.discovery.Disks;
import dev.bronze.hardware.disk.discovery.Partition;
import dev.bronze.hardware.disk.select.ByteSize;
import dev.bronze.hardware.disk.select.Candidate;
import dev.bronze.hardware.disk.select.DiskSelector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bronze disks}: the machine's disks, what uses them, and which one a selector would take. */
@Command(name = "disks", mixinStandardHelpOptions = true,
        description = {"List the disks, their partitions and what uses them (mounts, dm/md holders, swap, the running",
                "system, the boot medium). With --disk-selector, show how each disk fares and which one it selects",
                "(exit 4 when several match or only disks in use match, 1 when none matches)."})
final class DisksCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Read /sys, /proc, /dev and /run below DIR (a fixture tree or a chroot) instead of /.")
    Path root;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Option(names = "--all", description = "Also list loop, ram, zram, device-mapper and md devices.")
    boolean all;

    @Option(names = {"-l", "--long"}, description = "Also show each disk's WWID, bus path, modalias and /dev/disk links (what selectors match).")
    boolean long_;

    @Option(names = "--disk-selector", paramLabel = "EXPR",
            description = "Evaluate a selector such as 'type=nvme,size>=100GB' against the disks.")
    String selector;

    @Override
    public Integer call() {
        if (root != null && !Files.isDirectory(root)) {
            throw new HardwareException(ExitCode.USAGE, "--root " + root + " is not a directory");
        }
        SysRoot sys = root == null ? SysRoot.host() : SysRoot.of(root);
        DiskSelector sel = selector == null ? null : DiskSelector.parse(selector);
        List<Disk> disks = Disks.discover(sys, all);
        List<Candidate> candidates = sel == null ? List.of() : sel.evaluate(disks.stream().filter(d -> !d.virtual()).toList());
        Disk chosen = null;
        BronzeException refusal = null;
        if (sel != null) {
            try {
                chosen = sel.select(disks.stream().filter(d -> !d.virtual()).toList());
            } catch (BronzeException e) {
                refusal = e;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("root", sys.toString());
            doc.put("disks", disks.stream().map(DisksCommand::json).toList());
            if (sel != null) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("expression", sel.expression());
                s.put("selected", chosen == null ? null : chosen.devicePath());
                s.put("error", refusal == null ? null : refusal.getMessage());
                s.put("candidates", candidates.stream().map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("device", c.disk().devicePath());
                    m.put("matches", c.matches());
                    m.put("selectable", c.selectable());
                    m.put("mismatches", c.mismatches());
                    return m;
                }).toList());
                doc.put("selector", s);
            }
            Json.print(out, doc);
        } else {
            table(out, disks, long_);
            if (sel != null) {
                out.println();
                out.println("Selector " + sel.expression() + ":");
                for (Candidate c : candidates) {
                    String verdict = c.selectable() ? "matches"
                            : c.matches() ? "matches, but must not be written"
                            : "no: " + String.join(", ", c.mismatches());
                    out.printf("  %-14s %s%n", c.disk().devicePath(), verdict);
                }
                if (chosen != null) {
                    out.println("Selected: " + chosen.devicePath());
                }
            }
            out.flush();
        }
        if (refusal != null) {
            throw refusal;
        }
        return ExitCode.OK.code();
    }

    private static void table(PrintWriter out, List<Disk> disks, boolean ids) {
        if (disks.isEmpty()) {
            out.println("No disks found.");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DEVICE", "TYPE", "TRANSPORT", "SIZE", "SECTOR", "MODEL", "SERIAL", "STATUS"});
        for (Disk d : disks) {
            String model = (d.vendor().isEmpty() ? "" : d.vendor() + " ") + d.model();
            rows.add(new String[] {d.devicePath(), d.type(), d.transport().label().isEmpty() ? "-" : d.transport().label(),
                    ByteSize.human(d.sizeBytes()), d.logicalSectorSize() + "/" + d.physicalSectorSize(),
                    model.isEmpty() ? "-" : model, d.serial().isEmpty() ? "-" : d.serial(), status(d)});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + w[i] + "s  ", r[i]));
            }
            out.println(line.toString().stripTrailing());
            if (k == 0) {
                continue;
            }
            Disk d = disks.get(k - 1);
            if (ids) {
                out.println("  wwid " + orDash(d.wwid()) + "  busPath " + orDash(d.busPath()) + "  modalias " + orDash(d.modalias()));
                d.links().forEach(l -> out.println("  link " + l));
            }
            for (Partition p : d.partitions()) {
                List<String> f = new ArrayList<>();
                f.add(String.format("%-12s %9s", p.name(), ByteSize.human(p.sizeBytes())));
                if (!p.label().isEmpty()) {
                    f.add("label " + p.label());
                }
                if (!p.fsType().isEmpty()) {
                    f.add(p.fsType() + (p.fsLabel().isEmpty() ? "" : " \"" + p.fsLabel() + "\""));
                }
                if (!p.mountPoints().isEmpty()) {
                    List<String> mp = p.mountPoints();
                    f.add("on " + (mp.size() <= 3 ? String.join(", ", mp)
                            : String.join(", ", mp.subList(0, 3)) + " and " + (mp.size() - 3) + " more"));
                }
                if (!p.holders().isEmpty()) {
                    f.add("held by " + String.join(", ", p.holders()));
                }
                out.println("  " + String.join("  ", f));
            }
            for (DiskUse u : d.uses()) {
                out.println("  in use: " + u.detail());
            }
        }
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    /** One word or two for the table; the reasons are printed below the disk. */
    private static String status(Disk d) {
        if (d.installable()) {
            return "free";
        }
        List<String> s = new ArrayList<>();
        d.uses().stream().map(u -> switch (u.kind()) {
            case MOUNTED -> "mounted";
            case HELD -> "held";
            case SWAP -> "swap";
            case RUNNING_SYSTEM -> "system";
            case BOOT_MEDIUM -> "boot medium";
        }).distinct().forEach(s::add);
        if (d.cdrom()) {
            s.add("cd/dvd");
        } else if (d.virtual()) {
            s.add("virtual");
        } else if (d.readOnly()) {
            s.add("read-only");
        } else if (d.unfit().stream().anyMatch(u -> u.contains("eMMC"))) {
            s.add("emmc boot area");
        }
        if (d.sizeBytes() == 0) {
            s.add("no medium");
        }
        return String.join(", ", s);
    }

    private static Map<String, Object> json(Disk d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("device", d.devicePath());
        m.put("size", d.sizeBytes());
        m.put("logicalSectorSize", d.logicalSectorSize());
        m.put("physicalSectorSize", d.physicalSectorSize());
        m.put("type", d.type());
        m.put("types", List.copyOf(d.types()));
        m.put("transport", d.transport().label());
        m.put("model", d.model());
        m.put("vendor", d.vendor());
        m.put("serial", d.serial());
        m.put("wwid", d.wwid());
        m.put("busPath", d.busPath());
        m.put("modalias", d.modalias());
        m.put("rotational", d.rotational());
        m.put("removable", d.removable());
        m.put("readOnly", d.readOnly());
        m.put("cdrom", d.cdrom());
        m.put("virtual", d.virtual());
        m.put("emmc", d.emmc());
        m.put("links", d.links());
        m.put("partitions", d.partitions().stream().map(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("device", p.devicePath());
            pm.put("number", p.number());
            pm.put("start", p.startBytes());
            pm.put("size", p.sizeBytes());
            pm.put("label", p.label());
            pm.put("partUuid", p.partUuid());
            pm.put("fsType", p.fsType());
            pm.put("fsLabel", p.fsLabel());
            pm.put("mountPoints", p.mountPoints());
            pm.put("holders", p.holders());
            return pm;
        }).toList());
        m.put("mountPoints", d.mountPoints());
        m.put("holders", d.holders());
        m.put("installable", d.installable());
        m.put("inUse", d.uses().stream().map(u -> Map.of("kind", u.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                "detail", u.detail())).collect(Collectors.toList()));
        m.put("unfit", d.unfit());
        return m;
    }
}
