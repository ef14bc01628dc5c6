package dev.bronze.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.bronze.drivers.DriversException;
import dev.bronze.drivers.DriversManifest;
import dev.bronze.drivers.ManifestMatcher;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.modalias.ModaliasResolver;
import dev.bronze.hardware.modalias.ModprobeConfig;
import dev.bronze.hardware.modalias.ModuleMatch;
import dev.bronze.hardware.modalias.ModuleTreeReader;
import dev.bronze.hardware.modalias.Resolution;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bronze modalias}: which kernel modules kmod would load for each modalias, in kmod's order. */
@Command(
        name = "modalias",
        mixinStandardHelpOptions = true,
        description = {
            "Print the kernel modules kmod resolves each MODALIAS to (as modprobe -R does), in kmod's order.",
            "Without --modules-dir or --manifest: ROOT/lib/modules/$(uname -r) with ROOT's modprobe.d, or,",
            "when that tree is absent, the drivers manifest shipped for this architecture."})
final class ModaliasCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--modules-dir", paramLabel = "DIR",
            description = "A lib/modules/VERSION folder (modules.alias, modules.order, modules.builtin.modinfo).")
    Path modulesDir;

    @Option(names = "--manifest", paramLabel = "FILE", description = "A drivers manifest (.yaml, .yaml.xz, .yaml.gz).")
    Path manifest;

    @Option(names = "--kernel", paramLabel = "VERSION", description = "The kernel of a manifest that holds several.")
    String kernel;

    @Option(names = "--config", paramLabel = "PATH",
            description = "modprobe.d folder or file to apply (repeatable); default: none, or ROOT's when nothing else is given.")
    List<Path> config = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR", description = "The system root for the defaults (default: /).")
    Path root;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "MODALIAS", description = "Device modalias strings (or module names, aliases).")
    List<String> modaliases;

    /** One answer of {@code --json}. */
    @JsonPropertyOrder({"modalias", "modules", "matches", "firmware", "extensions"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Answer(String modalias, List<String> modules, List<ModuleMatch> matches, List<String> firmware, List<String> extensions) {
    }

    @Override
    public Integer call() {
        if (modulesDir != null && manifest != null) {
            throw new HardwareException(ExitCode.USAGE, "give --modules-dir or --manifest, not both");
        }
        Function<String, Answer> lookup = lookup();
        List<Answer> answers = new ArrayList<>();
        for (String m : modaliases) {
            answers.add(lookup.apply(m));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, answers);
            return 0;
        }
        for (Answer a : answers) {
            StringBuilder line = new StringBuilder(a.modalias()).append(": ");
            if (a.matches().isEmpty()) {
                line.append("(no module)");
            }
            List<String> seen = new ArrayList<>();
            for (ModuleMatch mm : a.matches()) {
                if (seen.contains(mm.module())) {
                    continue;
                }
                seen.add(mm.module());
                line.append(seen.size() > 1 ? " " : "").append(mm.module());
                if (mm.builtin()) {
                    line.append(" (built-in)");
                }
                if (mm.blacklisted()) {
                    line.append(" (blacklisted)");
                }
            }
            if (a.extensions() != null && !a.extensions().isEmpty()) {
                line.append("  [extensions: ").append(String.join(", ", a.extensions())).append(']');
            }
            if (a.firmware() != null && !a.firmware().isEmpty()) {
                line.append("  [firmware: ").append(a.firmware().size()).append(" files]");
            }
            out.println(line);
        }
        out.flush();
        return 0;
    }

    private Function<String, Answer> lookup() {
        ModprobeConfig conf = config.isEmpty() ? ModprobeConfig.EMPTY : ModprobeConfig.loadDirs(config);
        if (manifest != null) {
            return fromManifest(DriversManifest.load(manifest).kernel(kernel), conf);
        }
        if (modulesDir != null) {
            return fromTree(ModaliasResolver.of(ModuleTreeReader.read(modulesDir), conf));
        }
        SysRoot sys = root == null ? SysRoot.host() : SysRoot.of(root);
        Optional<String> release = sys.text("proc/sys/kernel/osrelease");
        Path tree = release.map(r -> sys.root().resolve("lib/modules").resolve(r)).orElse(null);
        if (tree != null && Files.isRegularFile(tree.resolve("modules.alias"))) {
            ModprobeConfig c = config.isEmpty() ? ModprobeConfig.load(sys.root()) : conf;
            return fromTree(ModaliasResolver.of(ModuleTreeReader.read(tree), c));
        }
        String arch = System.getProperty("os.arch");
        try {
            return fromManifest(DriversManifest.bundled(arch).kernel(null), conf);
        } catch (DriversException e) {
            throw new HardwareException("no module tree at " + (tree == null ? sys.root().resolve("lib/modules") : tree)
                    + " and " + e.getMessage() + "; pass --modules-dir or --manifest");
        }
    }

    private static Function<String, Answer> fromTree(ModaliasResolver resolver) {
        return m -> {
            Resolution r = resolver.resolve(m);
            return new Answer(m, r.modules(), r.matches(), null, null);
        };
    }

    private static Function<String, Answer> fromManifest(DriversManifest.Kernel k, ModprobeConfig conf) {
        ManifestMatcher matcher = ManifestMatcher.of(k, conf);
        return m -> {
            ManifestMatcher.Match r = matcher.match(m);
            List<String> fw = r.firmware().stream().map(DriversManifest.Firmware::file).toList();
            List<String> ext = new ArrayList<>(r.extensions());
            for (String e : r.firmwareExtensions()) {
                if (!ext.contains(e)) {
                    ext.add(e);
                }
            }
            return new Answer(m, r.moduleNames(), r.resolution().matches(), fw, ext);
        };
    }
}
