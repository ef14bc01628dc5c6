package dev.bronze.platform;

/**
 * One platform Bronze can run on. Implementations are registered in
 * {@code META-INF/services/dev.bronze.platform.Platform} and listed, in the same order, in
 * {@link Platforms#builtIn()} (which detection uses: no ServiceLoader scan at boot), one per package
 * ({@code dev.bronze.platform.aws.AwsPlatform}), and only look at {@link Evidence}: no network, no
 * processes, so every platform can be scored in well under a millisecond.
 */
public interface Platform {

    /** Talos's platform name ({@code "aws"}, {@code "digital-ocean"}, {@code "equinixMetal"}). */
    String id();

    /** Other names accepted on the kernel command line for this platform ({@code packet}). */
    default java.util.List<String> aliases() {
        return java.util.List.of();
    }

    default Mode mode() {
        return Mode.CLOUD;
    }

    /** How strongly the evidence points here; {@link Match#NONE} when not at all. */
    Match score(Evidence evidence);
}
