package dev.bronze.bootloader.ab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small distinct kernel/initrd pairs for A/B tests. */
public final class Payloads {

    private Payloads() {
    }

    public static BootPayload kernel(Path dir, String version) throws IOException {
        Path d = Files.createDirectories(dir.resolve("payload-" + version));
        return new BootPayload.Kernel(
                Files.writeString(d.resolve("vmlinuz"), "kernel " + version + "\n"),
                Files.writeString(d.resolve("initrd"), "initrd " + version + "\n"));
    }
}
