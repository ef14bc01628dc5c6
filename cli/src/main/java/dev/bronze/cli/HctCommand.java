package dev.bronze.cli;

import dev.bronze.drivers.DriversManifest;
import dev.bronze.drivers.ManifestDriverLookup;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.hct.Hct;
import dev.bronze.hardware.hct.HctReport;
import dev.bronze.hardware.hct.HctReports;
import dev.bronze.hardware.inventory.DiscoveredDisks;
import dev.bronze.hardware.inventory.Inventory;
import dev.bronze.hardware.inventory.InventoryCollector;
import dev.bronze.platform.Detection;
import dev.bronze.platform.Detector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "hct", mixinStandardHelpOptions = true,
        description = {"Hardware compatibility test: whether this OS supports the machine (firmware, Secure Boot, TPM,",
            "CPU, memory, an install disk, a NIC, every PCI/USB/platform device against the drivers manifest).",
            "Exit 5 when something blocks installation."})
final class HctCommand implements Callable<Integer> {

    @Option(names = "--root", paramLabel = "DIR", description = "Test a fixture tree instead of this machine.")
    Path root;

    @Option(names = "--manifest", paramLabel = "FILE", description = "A drivers manifest (default: the bundled one for the CPU's architecture).")
    Path manifest;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the report as JUnit XML.")
    Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the report as Markdown.")
    Path markdown;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SysRoot sys = root == null ? SysRoot.host() : SysRoot.of(root);
        if (root != null && !sys.isDirectory("")) {
            throw new HardwareException(ExitCode.USAGE, "--root " + root + " is not a directory");
        }
        Inventory inv = new InventoryCollector(sys, new DiscoveredDisks()).collect();
        String arch = inv.cpus() == null || inv.cpus().architecture() == null ? "x86_64" : inv.cpus().architecture();
        DriversManifest m = manifest != null ? DriversManifest.load(manifest) : DriversManifest.bundled(arch);
        Detection d = Detector.detect(sys);
        String platform = d.platform() + " (" + d.mode().name().toLowerCase(java.util.Locale.ROOT) + ", "
                + d.source().name().toLowerCase(java.util.Locale.ROOT) + ")";
        HctReport report = new Hct(sys, new ManifestDriverLookup(m.kernel(null).matcher()), Hct.Requirements.defaults())
                .run(inv, Optional.of(platform));
        if (junit != null) {
            Files.writeString(junit, HctReports.junit(report), StandardCharsets.UTF_8);
        }
        if (markdown != null) {
            Files.writeString(markdown, HctReports.markdown(report), StandardCharsets.UTF_8);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, HctReports.json(report));
        } else {
            out.println("machine: " + report.machine());
            for (HctReport.Check c : report.checks()) {
                out.printf("  %-4s  %-13s %s%n", c.status().json(), c.name(), c.detail());
            }
            for (HctReport.Verdict v : HctReport.Verdict.values()) {
                report.devices().stream().filter(x -> x.verdict() == v && v != HctReport.Verdict.WORKS)
                        .forEach(x -> out.printf("  %-15s %s %s: %s%n", v.json(), x.bus(), x.address(), x.detail()));
            }
            out.println(report.blocksInstall() ? "result: blocks installation" : "result: supported");
            out.flush();
        }
        return report.blocksInstall() ? ExitCode.BLOCKS_INSTALL.code() : ExitCode.OK.code();
    }
}
