package dev.bronze.installer;

import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.disk.layout.Filesystem;
import dev.bronze.hardware.disk.layout.FormatRequest;
import dev.bronze.hardware.disk.layout.PartitionFormatter;
import dev.bronze.hardware.fat.FatFileSystem;
import dev.bronze.hardware.fat.FatFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Formats ESPs and Raspberry Pi boot partitions with the pure-Java FAT: no root, no mkfs, no mount. */
public final class FatPartitionFormatter implements PartitionFormatter {

    /** The timestamp of reproducible images (the FAT epoch's first representable day is 1980). */
    static final Instant REPRODUCIBLE_TIME = Instant.parse("2020-01-01T00:00:00Z");

    private final Clock clock;

    public FatPartitionFormatter(Clock clock) {
        this.clock = clock;
    }

    public static Clock reproducibleClock() {
        return Clock.fixed(REPRODUCIBLE_TIME, ZoneOffset.UTC);
    }

    @Override
    public boolean supports(Filesystem fs) {
        return fs == Filesystem.VFAT;
    }

    @Override
    public void format(BlockDevice partition, FormatRequest r) {
        FatFormat f = FatFormat.of(r.label(), (int) r.volumeId()).withHiddenSectors(r.hiddenSectors());
        FatFileSystem.format(partition, f, r.reproducible() ? reproducibleClock() : clock).close();
    }
}
