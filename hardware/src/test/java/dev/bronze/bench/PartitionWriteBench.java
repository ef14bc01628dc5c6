package dev.bronze.bench;

import dev.bronze.hardware.block.BlockCopy;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One timed run for bench/partition-write.sh: copies PAYLOAD into IMAGE at OFFSET through a
 * partition slice with {@link BlockCopy} (holes zeroed, i.e. punched), fsync included, and prints
 * "bronze-copy <millis> <written> <zeroed>".
 */
public final class PartitionWriteBench {

    private PartitionWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        Path payload = Path.of(args[0]);
        Path image = Path.of(args[1]);
        long offset = Long.parseLong(args[2]);
        long size = Files.size(payload);
        long t0 = System.nanoTime();
        BlockCopy.Stats s;
        try (ImageFile img = ImageFile.open(image, 512); BlockDevice part = img.slice(offset, size)) {
            s = BlockCopy.copy(payload, part, false, n -> { });
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("bronze-copy " + ms + " " + s.bytesWritten() + " " + s.bytesZeroed());
    }
}
