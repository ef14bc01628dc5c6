package dev.bronze.hardware.disk.layout;

import java.util.Objects;
import java.util.UUID;

/**
 * One partition of a layout, before it is placed on a disk.
 *
 * @param label      GPT partition name and filesystem label ({@code EFI}, {@code META} ...)
 * @param size       how big
 * @param gptType    GPT type GUID (for GPT layouts)
 * @param mbrType    DOS system id (for MBR layouts), 0 when unused
 * @param filesystem what is put inside
 * @param attributes GPT attribute bits
 * @param bootable   MBR active flag
 */
public record PartitionSpec(String label, SizeSpec size, UUID gptType, int mbrType, Filesystem filesystem,
                            long attributes, boolean bootable) {

    public PartitionSpec {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(gptType, "gptType");
        Objects.requireNonNull(filesystem, "filesystem");
    }
}
