package dev.bronze.cli;

import dev.bronze.installer.SecureBootPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "upgrade",
        description = {"Writes a new version into the slot that is neither booted nor the only known-good one and arms a trial.",
            "With a trust key on the disk, the payload must be signed (--signature); otherwise nothing is written (exit 4)."})
final class UpgradeCommand extends AbCommand {

    // Not mixinStandardHelpOptions: its -V/--version clashes with this command's --version V, and
    // picocli then drops the whole mixin, --help included.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    PayloadOptions payload;

    @Option(names = "--version", paramLabel = "V", description = "The version (free text without '+'); for --uki optional: the UKI's .osrel IMAGE_VERSION, else VERSION_ID.")
    String version;

    @Option(names = "--tries", defaultValue = "3", paramLabel = "N", description = "Boot tries of the trial, 1-9 (default: ${DEFAULT-VALUE}).")
    int tries;

    @Option(names = "--cmdline", paramLabel = "ARGS",
            description = "Kernel arguments for the new slot (default: those of the known-good slot).")
    String cmdline;

    @Option(names = "--signature", paramLabel = "FILE",
            description = "Signature over the payload manifest (openssl pkeyutl -sign -rawin, or openssl dgst -sha256 -sign).")
    Path signature;

    @Override
    Optional<SecureBootPolicy> secureBoot() throws IOException {
        return payload.secureBoot();
    }

    @Override
    int execute() throws IOException {
        return withSession(true, s -> {
            s.upgrade(payload.payload(), version, cmdline, tries, Optional.ofNullable(signature));
            printStatus(s);
            return 0;
        });
    }
}
