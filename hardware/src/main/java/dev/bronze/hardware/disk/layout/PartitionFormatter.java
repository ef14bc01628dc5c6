package dev.bronze.hardware.disk.layout;

import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;

/**
 * Puts a filesystem into a partition given as a bounded {@link BlockDevice}. The seam for the
 * pure-Java FAT writer ({@code dev.bronze.hardware.fat}): until it is wired in, {@link MkfsFormatter}
 * runs the mkfs tools.
 */
public interface PartitionFormatter {

    /** Whether this formatter can make {@code fs}. */
    boolean supports(Filesystem fs);

    void format(BlockDevice partition, FormatRequest request) throws IOException;

    /** Uses {@code first} for what it supports, else this. */
    default PartitionFormatter preferring(PartitionFormatter first) {
        PartitionFormatter fallback = this;
        return new PartitionFormatter() {
            @Override
            public boolean supports(Filesystem fs) {
                return first.supports(fs) || fallback.supports(fs);
            }

            @Override
            public void format(BlockDevice partition, FormatRequest request) throws IOException {
                (first.supports(request.filesystem()) ? first : fallback).format(partition, request);
            }
        };
    }
}
