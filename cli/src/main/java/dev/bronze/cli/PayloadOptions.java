package dev.bronze.cli;

import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.installer.SecureBootPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --kernel F --initrd F | --uki F}, and the Secure Boot databases the payload must pass. */
final class PayloadOptions {

    @Option(names = "--kernel", paramLabel = "FILE", description = "The kernel (with --initrd).")
    Path kernel;

    @Option(names = "--initrd", paramLabel = "FILE", description = "The initramfs (with --kernel).")
    Path initrd;

    @Option(names = "--uki", paramLabel = "FILE", description = "A unified kernel image (sd-boot only).")
    Path uki;

    @Option(names = "--secure-boot-db", paramLabel = "FILE",
            description = "The target firmware's db as EFI signature lists (efi-readvar -v db -o FILE): refuse binaries it would "
                    + "not start. On a running node with Secure Boot enforced, its own db and dbx are used without this.")
    Path secureBootDb;

    @Option(names = "--secure-boot-dbx", paramLabel = "FILE", description = "The target firmware's dbx (with --secure-boot-db).")
    Path secureBootDbx;

    /** The policy the options give; empty without --secure-boot-db. */
    Optional<SecureBootPolicy> secureBoot() throws IOException {
        if (secureBootDb == null) {
            if (secureBootDbx != null) {
                throw new BronzeException(ExitCode.USAGE, "--secure-boot-dbx needs --secure-boot-db");
            }
            return Optional.empty();
        }
        return Optional.of(SecureBootPolicy.ofFiles(existing(secureBootDb), Optional.ofNullable(secureBootDbx).map(PayloadOptions::existing)));
    }

    BootPayload payload() {
        if (uki != null) {
            if (kernel != null || initrd != null) {
                throw new BronzeException(ExitCode.USAGE, "--uki excludes --kernel and --initrd");
            }
            return new BootPayload.Uki(existing(uki));
        }
        if (kernel == null || initrd == null) {
            throw new BronzeException(ExitCode.USAGE, "give --kernel FILE and --initrd FILE, or --uki FILE");
        }
        return new BootPayload.Kernel(existing(kernel), existing(initrd));
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new BronzeException(ExitCode.USAGE, p + " is not a file");
        }
        return p;
    }
}
