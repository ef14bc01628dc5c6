package dev.bronze.hardware.fat;

import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Benchmark driver for bench/fat-write.sh (not a test): formats a FAT32 partition inside an
 * image and, unless {@code format-only}, writes one payload file into it and flushes.
 * Prints {@code format_ms write_ms} on stdout.
 *
 * <p>Usage: {@code FatWriteBench IMAGE IMAGE_BYTES PART_OFFSET PART_BYTES (PAYLOAD | format-only)}
 */
public final class FatWriteBench {

    private FatWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        long imageBytes = Long.parseLong(args[1]);
        long offset = Long.parseLong(args[2]);
        long partBytes = Long.parseLong(args[3]);
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        long t0 = System.nanoTime();
        try (ImageFile img = ImageFile.create(image, imageBytes, 512)) {
            BlockDevice part = img.slice(offset, partBytes);
            try (FatFileSystem fs = FatFileSystem.format(part, FatFormat.of("BENCH", 1), clock)) {
                long t1 = System.nanoTime();
                if (!args[4].equals("format-only")) {
                    fs.write("/payload.bin", Path.of(args[4]));
                    fs.flush();
                }
                long t2 = System.nanoTime();
                System.out.printf("%d %d%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            }
        }
    }
}
