package dev.bronze.hardware.modalias;

/**
 * One module kmod resolves a modalias (or name) to.
 *
 * @param module the module name (normalised: '_' not '-')
 * @param source which kmod lookup found it
 * @param builtin true when the module is built into the kernel (nothing to load)
 * @param blacklisted true when modprobe.d blacklists it: {@code modprobe ALIAS} then skips it
 */
public record ModuleMatch(String module, Source source, boolean builtin, boolean blacklisted) {

    /** kmod's lookups, in the order it tries them; the first that finds anything wins. */
    public enum Source {
        /** an {@code alias} line of modprobe.d */
        CONFIG_ALIAS,
        /** the string is a loadable module's name (modules.dep) */
        MODULE_NAME,
        /** {@code symbol:NAME} in modules.symbols */
        SYMBOL,
        /** an {@code install}/{@code remove} command of modprobe.d names it */
        COMMAND,
        /** modules.alias */
        ALIAS,
        /** the name of a built-in module (modules.builtin) */
        BUILTIN_NAME,
        /** an alias of built-in code (modules.builtin.modinfo) */
        BUILTIN_ALIAS
    }
}
