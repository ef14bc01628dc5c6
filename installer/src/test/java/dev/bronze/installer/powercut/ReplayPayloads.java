package dev.bronze.installer.powercut;

import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.hardware.SysRoot;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.Installer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What the power-cut replays share: kernel payloads whose bytes are remembered (the boot model
 * compares what a cut left on the ESP with them) and a quiet installer working below the test's
 * directory.
 */
final class ReplayPayloads {

    private ReplayPayloads() {
    }

    /** A kernel and initrd for version {@code v}, recorded in {@code bytes} as {kernel, initrd}. */
    static BootPayload kernel(Path dir, String v, Map<String, byte[][]> bytes) throws IOException {
        byte[] k = ("kernel " + v + "\n").repeat(9000).getBytes();
        byte[] i = ("initrd " + v + "\n").repeat(14000).getBytes();
        bytes.put(v, new byte[][] {k, i});
        Path d = Files.createDirectories(dir.resolve("p" + v));
        return new BootPayload.Kernel(Files.write(d.resolve("vmlinuz"), k), Files.write(d.resolve("initrd"), i));
    }

    static Installer installer(Path dir) {
        return new Installer(BootTools.debian("x64", dir.resolve("work")), Clock.systemUTC(), SysRoot.of(dir), s -> { });
    }
}
