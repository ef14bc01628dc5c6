package dev.bronze.hardware.disk.layout;

import java.util.UUID;

/**
 * One partition as it will be written.
 *
 * @param number      partition number (sda<i>N</i>)
 * @param label       GPT name and filesystem label
 * @param firstLba    first logical block
 * @param lastLba     last logical block, inclusive
 * @param offset      byte offset on the disk
 * @param size        bytes
 * @param type        type short name ({@code esp}, {@code linux}, {@code 0x0c} ...)
 * @param typeGuid    GPT type GUID, null on MBR
 * @param mbrType     DOS system id on MBR, 0 on GPT
 * @param guid        unique partition GUID, null on MBR
 * @param attributes  GPT attribute bits
 * @param bootable    MBR active flag
 * @param filesystem  what is put inside
 * @param filesystemId FAT volume id ({@code 1A2B-3C4D}) or filesystem UUID; null when none
 */
public record PlannedPartition(int number, String label, long firstLba, long lastLba, long offset, long size,
                               String type, UUID typeGuid, int mbrType, UUID guid, long attributes, boolean bootable,
                               Filesystem filesystem, String filesystemId) {
}
