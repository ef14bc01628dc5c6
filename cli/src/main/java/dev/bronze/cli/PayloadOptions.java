package dev.bronze.cli;

import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --kernel F --initrd F | --uki F}. */
final class PayloadOptions {

    @Option(names = "--kernel", paramLabel = "FILE", description = "The kernel (with --initrd).")
    Path kernel;

    @Option(names = "--initrd", paramLabel = "FILE", description = "The initramfs (with --kernel).")
    Path initrd;

    @Option(names = "--uki", paramLabel = "FILE", description = "A unified kernel image (sd-boot only).")
    Path uki;

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
