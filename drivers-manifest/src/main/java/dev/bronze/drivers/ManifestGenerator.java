package dev.bronze.drivers;

import dev.bronze.hardware.modalias.BuiltinModinfo;
import dev.bronze.hardware.modalias.KmodNames;
import dev.bronze.hardware.modalias.ModuleCatalog;
import dev.bronze.hardware.modalias.ModuleTreeReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Builds a drivers manifest from a kernel module tree ({@code lib/modules/VERSION} after depmod):
 * module order and aliases from the depmod files, built-ins from {@code modules.builtin.modinfo},
 * firmware from each module's ELF {@code .modinfo} section ({@code .ko}, {@code .ko.xz},
 * {@code .ko.zst}, {@code .ko.gz}), and extensions from {@link ExtensionTable}.
 *
 * <p>Command line (what {@code drivers-manifest/scripts/generate} runs):
 * {@code ManifestGenerator --modules-dir DIR --arch ARCH [--source TEXT] --out FILE[.xz|.gz]}.
 */
public final class ManifestGenerator {

    private final ExtensionTable extensions;

    public ManifestGenerator(ExtensionTable extensions) {
        this.extensions = extensions;
    }

    /** The manifest of one module tree. */
    public DriversManifest generate(Path modulesDir, String arch, String source) {
        ModuleCatalog catalog = ModuleTreeReader.read(modulesDir);
        String version = modulesDir.getFileName().toString();
        Map<String, String> paths = modulePaths(modulesDir);
        Map<String, List<String>> aliasesOf = new LinkedHashMap<>();
        for (ModuleCatalog.Alias a : catalog.aliases()) {
            aliasesOf.computeIfAbsent(a.module(), k -> new ArrayList<>()).add(a.pattern());
        }
        List<DriversManifest.Module> modules = new ArrayList<>();
        for (String name : catalog.modules()) {
            String path = paths.get(name);
            List<DriversManifest.Firmware> fw = List.of();
            if (path != null) {
                ElfModinfo info = ElfModinfo.parse(ModuleFile.read(modulesDir.resolve(path)));
                fw = firmware(info.values("firmware"));
            }
            modules.add(new DriversManifest.Module(name, path, false, null, aliasesOf.getOrDefault(name, List.of()), fw));
        }
        Set<String> present = new LinkedHashSet<>(catalog.modules());
        for (ExtensionTable.ExtraModule x : extensions.modules()) {
            if (!present.contains(x.name())) {
                modules.add(new DriversManifest.Module(x.name(), null, false, x.extension(), x.aliases(), List.of()));
            }
        }
        BuiltinModinfo builtin = builtinModinfo(modulesDir);
        Map<String, List<String>> builtinAliases = new LinkedHashMap<>();
        for (ModuleCatalog.Alias a : catalog.builtinAliases()) {
            builtinAliases.computeIfAbsent(a.module(), k -> new ArrayList<>()).add(a.pattern());
        }
        Map<String, List<String>> builtinFirmware = builtin.valuesOf("firmware");
        Set<String> builtinNames = new LinkedHashSet<>(builtinAliases.keySet());
        builtinNames.addAll(catalog.builtin());
        for (String name : builtinNames) {
            modules.add(new DriversManifest.Module(name, null, true, null, builtinAliases.getOrDefault(name, List.of()),
                    firmware(builtinFirmware.getOrDefault(name, List.of()))));
        }
        List<DriversManifest.DeviceExtension> devices = new ArrayList<>();
        for (ExtensionTable.DeviceRule d : extensions.devices()) {
            devices.add(new DriversManifest.DeviceExtension(d.pattern(), d.extension()));
        }
        DriversManifest.Kernel k = new DriversManifest.Kernel(arch, version, source, devices, modules);
        return new DriversManifest(DriversManifest.FORMAT, List.of(k));
    }

    private List<DriversManifest.Firmware> firmware(List<String> files) {
        List<DriversManifest.Firmware> out = new ArrayList<>();
        for (String f : new LinkedHashSet<>(files)) {
            out.add(new DriversManifest.Firmware(f, extensions.forFirmware(f).orElse(null)));
        }
        return out;
    }

    /** Module name → path from modules.dep (the file kmod itself uses to find a module). */
    private static Map<String, String> modulePaths(Path dir) {
        Map<String, String> out = new LinkedHashMap<>();
        Path dep = dir.resolve("modules.dep");
        if (!Files.exists(dep)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(dep)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String path = line.substring(0, colon).strip();
                    out.putIfAbsent(KmodNames.moduleNameOfPath(path), path);
                }
            }
        } catch (IOException e) {
            throw new DriversException("cannot read " + dep + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static BuiltinModinfo builtinModinfo(Path dir) {
        Path f = dir.resolve("modules.builtin.modinfo");
        if (!Files.exists(f)) {
            return new BuiltinModinfo(List.of());
        }
        try {
            return BuiltinModinfo.parse(Files.readAllBytes(f));
        } catch (IOException e) {
            throw new DriversException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Writes a manifest, compressed by the file name's suffix ({@code .xz}, {@code .gz}). */
    public static void write(DriversManifest m, Path out) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = Files.createTempFile(parent, ".manifest", ".tmp");
            try (OutputStream raw = Files.newOutputStream(tmp); OutputStream o = encoder(raw, out.getFileName().toString())) {
                m.write(o);
            }
            tmp.toFile().setReadable(true, false); // a temp file starts private; a manifest is not
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DriversException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static OutputStream encoder(OutputStream raw, String name) throws IOException {
        if (name.endsWith(".xz")) {
            // An 8 MiB dictionary: readers need ~9 MiB, well under their 64 MiB limit.
            return new XZOutputStream(raw, new LZMA2Options(6));
        }
        if (name.endsWith(".gz")) {
            return new GZIPOutputStream(raw);
        }
        return raw;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path dir = null;
        Path file = null;
        String arch = null;
        String source = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--modules-dir" -> dir = Path.of(need(a, v));
                    case "--out" -> file = Path.of(need(a, v));
                    case "--arch" -> arch = need(a, v);
                    case "--source" -> source = need(a, v);
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            err.println("generate: " + e.getMessage());
            dir = null;
        }
        if (dir == null || file == null || arch == null) {
            err.println("usage: ManifestGenerator --modules-dir DIR --arch ARCH [--source TEXT] --out FILE[.xz|.gz]");
            return 2;
        }
        try {
            DriversManifest m = new ManifestGenerator(ExtensionTable.bundled()).generate(dir, arch, source);
            write(m, file);
            DriversManifest.Kernel k = m.kernels().get(0);
            long aliases = k.modules().stream().mapToLong(x -> x.aliases().size()).sum();
            out.println(file + ": " + k.arch() + " " + k.version() + ", " + k.modules().size() + " modules, " + aliases + " aliases");
            return 0;
        } catch (DriversException e) {
            err.println("generate: " + e.getMessage());
            return 1;
        }
    }

    private static String need(String opt, String v) {
        if (v == null) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return v;
    }
}
