package dev.bronze.drivers;

import dev.bronze.hardware.modalias.ModaliasResolver;
import dev.bronze.hardware.modalias.ModuleCatalog;
import dev.bronze.hardware.modalias.ModprobeConfig;
import dev.bronze.hardware.modalias.Resolution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches modaliases against one kernel of a drivers manifest with kmod's exact rules (the
 * manifest keeps kmod's order, so {@link ModaliasResolver} rebuilt from it answers as
 * {@code modprobe -R} on the original tree), and adds what the manifest knows beyond kmod:
 * firmware and the extensions a device needs.
 */
public final class ManifestMatcher {

    /** The manifest's answer for one modalias. */
    public record Match(String modalias, Resolution resolution, List<DriversManifest.Module> modules,
                        List<DriversManifest.Firmware> firmware, Set<String> extensions) {

        public List<String> moduleNames() {
            return resolution.modules();
        }

        public boolean hasDriver() {
            return !resolution.isEmpty();
        }

        /** Extensions that ship some of the firmware the matched modules may ask for. */
        public Set<String> firmwareExtensions() {
            Set<String> s = new LinkedHashSet<>();
            for (DriversManifest.Firmware f : firmware) {
                if (f.extension() != null) {
                    s.add(f.extension());
                }
            }
            return s;
        }
    }

    private final DriversManifest.Kernel kernel;
    private final ModaliasResolver resolver;
    private final Map<String, DriversManifest.Module> byName = new HashMap<>();

    ManifestMatcher(DriversManifest.Kernel kernel) {
        this(kernel, ModprobeConfig.EMPTY);
    }

    ManifestMatcher(DriversManifest.Kernel kernel, ModprobeConfig config) {
        this.kernel = kernel;
        this.resolver = ModaliasResolver.of(catalog(kernel), config);
        for (DriversManifest.Module m : kernel.modules()) {
            byName.putIfAbsent(m.name(), m);
        }
    }

    /** With a modprobe.d configuration (its aliases and blacklist) applied as kmod would. */
    public static ManifestMatcher of(DriversManifest.Kernel kernel, ModprobeConfig config) {
        return new ManifestMatcher(kernel, config);
    }

    /** The kmod view of the manifest: the same lists depmod would have written. */
    public static ModuleCatalog catalog(DriversManifest.Kernel kernel) {
        List<String> modules = new ArrayList<>();
        List<ModuleCatalog.Alias> aliases = new ArrayList<>();
        List<String> builtin = new ArrayList<>();
        List<ModuleCatalog.Alias> builtinAliases = new ArrayList<>();
        for (DriversManifest.Module m : kernel.modules()) {
            if (m.builtin()) {
                builtin.add(m.name());
                for (String a : m.aliases()) {
                    builtinAliases.add(new ModuleCatalog.Alias(a, m.name()));
                }
            } else {
                modules.add(m.name());
                for (String a : m.aliases()) {
                    aliases.add(new ModuleCatalog.Alias(a, m.name()));
                }
            }
        }
        return new ModuleCatalog(modules, aliases, List.of(), builtin, builtinAliases);
    }

    public DriversManifest.Kernel kernel() {
        return kernel;
    }

    public ModaliasResolver resolver() {
        return resolver;
    }

    public Match match(String modalias) {
        Resolution r = resolver.resolve(modalias);
        List<DriversManifest.Module> mods = new ArrayList<>();
        Set<DriversManifest.Firmware> fw = new LinkedHashSet<>();
        Set<String> ext = new LinkedHashSet<>();
        for (String name : r.modules()) {
            DriversManifest.Module m = byName.get(name);
            if (m == null) {
                continue; // a modprobe.d alias may name a module the manifest does not have
            }
            mods.add(m);
            if (m.extension() != null) {
                ext.add(m.extension());
            }
            for (DriversManifest.Firmware f : m.firmware()) {
                fw.add(f);
            }
        }
        for (DriversManifest.DeviceExtension d : kernel.devices()) {
            if (dev.bronze.hardware.modalias.Fnmatch.matches(d.pattern(), modalias)) {
                ext.add(d.extension());
            }
        }
        return new Match(modalias, r, List.copyOf(mods), List.copyOf(fw), Set.copyOf(ext));
    }
}
