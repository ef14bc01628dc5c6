package dev.bronze.hardware.disk.mbr;

/**
 * One record of a DOS partition table.
 *
 * @param number   1-4 for primary records, 5 and up for logical partitions in an extended one
 * @param bootable the 0x80 "active" flag (the Raspberry Pi firmware ignores it; some BIOSes need it)
 * @param type     the one-byte system id (0x0c FAT32 LBA, 0x83 Linux, 0xee GPT protective ...)
 * @param firstLba first logical block
 * @param sectors  length in logical blocks
 */
public record MbrPartition(int number, boolean bootable, int type, long firstLba, long sectors) {

    public static final int TYPE_EMPTY = 0x00;
    public static final int TYPE_FAT32_LBA = 0x0c;
    public static final int TYPE_FAT16_LBA = 0x0e;
    public static final int TYPE_EXTENDED_CHS = 0x05;
    public static final int TYPE_EXTENDED_LBA = 0x0f;
    public static final int TYPE_LINUX_EXTENDED = 0x85;
    public static final int TYPE_LINUX = 0x83;
    public static final int TYPE_LINUX_SWAP = 0x82;
    public static final int TYPE_GPT_PROTECTIVE = 0xee;
    public static final int TYPE_EFI = 0xef;

    public MbrPartition {
        if (number < 1) {
            throw new IllegalArgumentException("partition number must be at least 1, not " + number);
        }
        if (type <= 0 || type > 0xff) {
            throw new IllegalArgumentException("partition type must be 0x01..0xff, not " + type);
        }
        if (firstLba < 1 || firstLba > 0xffffffffL || sectors < 1 || sectors > 0xffffffffL) {
            throw new IllegalArgumentException("partition " + number + " start " + firstLba + " / length "
                    + sectors + " do not fit 32-bit MBR fields");
        }
    }

    public long lastLba() {
        return firstLba + sectors - 1;
    }

    public boolean isExtended() {
        return type == TYPE_EXTENDED_CHS || type == TYPE_EXTENDED_LBA || type == TYPE_LINUX_EXTENDED;
    }
}
