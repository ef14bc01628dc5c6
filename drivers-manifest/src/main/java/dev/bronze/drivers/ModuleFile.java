package dev.bronze.drivers;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Reads a kernel module file, decompressing {@code .ko.xz}, {@code .ko.zst} and {@code .ko.gz} as
 * kmod does, with a cap on the decompressed size so a hostile file cannot exhaust memory.
 */
final class ModuleFile {

    /** The largest real modules (GPU drivers with debug info stripped) are tens of MiB. */
    static final int MAX_BYTES = 256 << 20;

    private ModuleFile() {
    }

    static byte[] read(Path file) {
        String name = file.getFileName().toString();
        try (InputStream raw = Files.newInputStream(file); InputStream in = decoder(name, raw)) {
            byte[] b = in.readNBytes(MAX_BYTES + 1);
            if (b.length > MAX_BYTES) {
                throw new DriversException(file + ": more than " + (MAX_BYTES >> 20) + " MiB once decompressed: not a kernel module");
            }
            return b;
        } catch (IOException e) {
            throw new DriversException("cannot read module " + file + ": " + e.getMessage(), e);
        }
    }

    private static InputStream decoder(String name, InputStream raw) throws IOException {
        if (name.endsWith(".xz")) {
            return new XZInputStream(raw, 64 << 10); // memory limit in KiB: kmod's modules use small dictionaries
        }
        if (name.endsWith(".zst")) {
            return new ZstdInputStream(raw);
        }
        if (name.endsWith(".gz")) {
            return new GZIPInputStream(raw);
        }
        return raw;
    }
}
