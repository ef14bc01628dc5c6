package dev.bronze.hardware.modalias;

import java.util.List;
import java.util.Objects;

/**
 * What kmod knows about one kernel's modules, as depmod leaves it in {@code lib/modules/VERSION}:
 * the loadable modules in kmod's priority order, their aliases and symbols, and the built-in
 * modules with their aliases. Read from a module tree by {@link ModuleTreeReader} or rebuilt from
 * a drivers manifest.
 *
 * @param modules loadable module names (normalised), in depmod's order: {@code modules.dep} line
 *     order, which is {@code modules.order} followed by modules that it does not list
 * @param aliases {@code alias PATTERN MODULE} lines of {@code modules.alias}, patterns as written
 * @param symbols {@code alias symbol:NAME MODULE} lines of {@code modules.symbols}
 * @param builtin built-in module names (from {@code modules.builtin}, or the modinfo file)
 * @param builtinAliases {@code NAME.alias=PATTERN} records of {@code modules.builtin.modinfo}, in file order
 */
public record ModuleCatalog(
        List<String> modules,
        List<Alias> aliases,
        List<Alias> symbols,
        List<String> builtin,
        List<Alias> builtinAliases) {

    /** One alias line: a pattern (fnmatch, as written) and the module it names. */
    public record Alias(String pattern, String module) {
        public Alias {
            Objects.requireNonNull(pattern);
            Objects.requireNonNull(module);
        }
    }

    public ModuleCatalog {
        modules = List.copyOf(modules);
        aliases = List.copyOf(aliases);
        symbols = List.copyOf(symbols);
        builtin = List.copyOf(builtin);
        builtinAliases = List.copyOf(builtinAliases);
    }
}
