package dev.bronze.hardware.modalias;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves modalias strings to kernel modules exactly as libkmod's
 * {@code kmod_module_new_from_lookup} does (what {@code modprobe -R}, udev's {@code kmod load}
 * and systemd use): the string is normalised ('-' to '_' outside brackets), then these lookups are
 * tried in order and the first one that finds anything is the answer:
 * <ol>
 *   <li>modprobe.d {@code alias} lines (fnmatch, in file and line order);</li>
 *   <li>a loadable module of that name;</li>
 *   <li>{@code symbol:} names in modules.symbols;</li>
 *   <li>modprobe.d {@code install}/{@code remove} commands of that name;</li>
 *   <li>modules.alias: every pattern that fnmatches, ordered by the modules' kmod order;</li>
 *   <li>a built-in module of that name;</li>
 *   <li>aliases of built-in code (modules.builtin.modinfo).</li>
 * </ol>
 * Built once per module tree (it indexes every pattern by its literal prefix), then immutable and
 * safe to share between threads.
 */
public final class ModaliasResolver {

    private final ModprobeConfig config;
    private final AliasIndex aliases;
    private final AliasIndex symbols;
    private final AliasIndex builtinAliases;
    private final Set<String> loadable;
    private final Set<String> builtin;
    private final int patternCount;

    private ModaliasResolver(ModuleCatalog catalog, ModprobeConfig config) {
        this.config = config;
        Map<String, Integer> rank = new HashMap<>();
        for (String m : catalog.modules()) {
            rank.putIfAbsent(m, rank.size());
        }
        this.aliases = AliasIndex.build(values(catalog.aliases(), rank));
        this.symbols = AliasIndex.build(values(catalog.symbols(), rank));
        List<AliasIndex.Value> b = new ArrayList<>();
        for (ModuleCatalog.Alias a : catalog.builtinAliases()) {
            // depmod gives every built-in alias priority 0.
            KmodNames.normalizeAlias(a.pattern()).ifPresent(p -> b.add(new AliasIndex.Value(a.module(), 0, p)));
        }
        this.builtinAliases = AliasIndex.build(b);
        this.loadable = new HashSet<>(catalog.modules());
        this.builtin = new HashSet<>(catalog.builtin());
        this.patternCount = aliases.size() + builtinAliases.size();
    }

    /** Patterns that fail {@code alias_normalize} (an unmatched bracket) are dropped, as depmod does. */
    private static List<AliasIndex.Value> values(List<ModuleCatalog.Alias> list, Map<String, Integer> rank) {
        List<AliasIndex.Value> out = new ArrayList<>(list.size());
        for (ModuleCatalog.Alias a : list) {
            Optional<String> p = KmodNames.normalizeAlias(a.pattern());
            if (p.isEmpty()) {
                continue;
            }
            Integer r = rank.get(a.module());
            if (r == null) {
                r = rank.size();
                rank.put(a.module(), r);
            }
            out.add(new AliasIndex.Value(a.module(), r, p.get()));
        }
        return out;
    }

    public static ModaliasResolver of(ModuleCatalog catalog, ModprobeConfig config) {
        return new ModaliasResolver(catalog, config);
    }

    public static ModaliasResolver of(ModuleCatalog catalog) {
        return new ModaliasResolver(catalog, ModprobeConfig.EMPTY);
    }

    /** A resolver for a {@code lib/modules/VERSION} folder with no modprobe.d configuration. */
    public static ModaliasResolver forModuleTree(Path modulesDir) {
        return of(ModuleTreeReader.read(modulesDir));
    }

    /** Number of alias patterns indexed (loadable and built-in). */
    public int patternCount() {
        return patternCount;
    }

    /** The modules kmod resolves {@code modalias} to (possibly none). */
    public Resolution resolve(String modalias) {
        Optional<String> normal = KmodNames.normalizeAlias(modalias);
        if (normal.isEmpty() || normal.get().isEmpty()) {
            return new Resolution(modalias, List.of());
        }
        String name = normal.get();
        List<ModuleMatch> out = new ArrayList<>();

        for (ModuleCatalog.Alias a : config.aliases()) {
            if (Fnmatch.matches(a.pattern(), name)) {
                out.add(match(a.module(), ModuleMatch.Source.CONFIG_ALIAS, true));
            }
        }
        if (!out.isEmpty()) {
            return new Resolution(modalias, out);
        }
        if (loadable.contains(name)) {
            return new Resolution(modalias, List.of(match(name, ModuleMatch.Source.MODULE_NAME, false)));
        }
        if (name.startsWith("symbol:")) {
            for (AliasIndex.Value v : symbols.search(name)) {
                out.add(match(v.module(), ModuleMatch.Source.SYMBOL, true));
            }
            if (!out.isEmpty()) {
                return new Resolution(modalias, out);
            }
        }
        if (config.installCommands().contains(name) || config.removeCommands().contains(name)) {
            return new Resolution(modalias, List.of(match(name, ModuleMatch.Source.COMMAND, false)));
        }
        for (AliasIndex.Value v : aliases.search(name)) {
            out.add(match(v.module(), ModuleMatch.Source.ALIAS, true));
        }
        if (!out.isEmpty()) {
            return new Resolution(modalias, out);
        }
        if (builtin.contains(name)) {
            return new Resolution(modalias, List.of(match(name, ModuleMatch.Source.BUILTIN_NAME, false)));
        }
        for (AliasIndex.Value v : builtinAliases.search(name)) {
            out.add(match(v.module(), ModuleMatch.Source.BUILTIN_ALIAS, true));
        }
        return new Resolution(modalias, out);
    }

    /** Blacklisting only applies to modules reached through an alias (kmod's ALIAS_ONLY rule). */
    private ModuleMatch match(String module, ModuleMatch.Source source, boolean viaAlias) {
        return new ModuleMatch(module, source, builtin.contains(module), viaAlias && config.blacklist().contains(module));
    }
}
