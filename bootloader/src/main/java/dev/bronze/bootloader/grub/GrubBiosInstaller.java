package dev.bronze.bootloader.grub;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.block.BlockDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Legacy BIOS GRUB without grub-bios-setup: boot.img in the MBR and core.img at the start of the
 * GPT {@code BIOS} boot partition, with the two block pointers patched by hand — byte-identical
 * to {@code grub-bios-setup --no-rs-codes}, which wants a real device.
 *
 * <p>boot.img keeps the disk's own bytes 0x03–0x59 (BPB area) and 0x1b8–0x1fd (disk signature and
 * the protective partition table); its kernel sector pointer at 0x5c is the BIOS partition's
 * start P, the boot drive byte at 0x64 is 0xff (use the BIOS's), and the 2-byte jump at 0x66 that
 * would skip the drive check is NOPed. core.img's first sector (diskboot.img) ends in a blocklist
 * whose first entry's start (0x1f4) is P+1, where the rest of core.img follows.
 */
public final class GrubBiosInstaller {

    static final int SECTOR = 512;
    /** The MBR's boot code area (before the disk signature); all zero on a disk no BIOS can start. */
    public static final int BOOT_CODE_BYTES = 440;
    static final int BOOT_KERNEL_SECTOR = 0x5c;
    static final int BOOT_DRIVE = 0x64;
    static final int BOOT_DRIVE_CHECK = 0x66;
    static final int BLOCKLIST_START = 0x1f4;
    static final int BLOCKLIST_FIRST_UNUSED = 0x1e8;

    private GrubBiosInstaller() {
    }

    /** The patched MBR: boot.img merged with the disk's existing sector 0. */
    static byte[] mbr(byte[] bootImg, byte[] existingSector0, long biosPartStart) {
        if (bootImg.length != SECTOR || existingSector0.length != SECTOR) {
            throw new IllegalArgumentException("boot.img and the MBR are one 512-byte sector");
        }
        byte[] mbr = bootImg.clone();
        System.arraycopy(existingSector0, 0x03, mbr, 0x03, 0x5a - 0x03);
        System.arraycopy(existingSector0, 0x1b8, mbr, 0x1b8, 0x1fe - 0x1b8);
        ByteBuffer b = ByteBuffer.wrap(mbr).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(BOOT_KERNEL_SECTOR, biosPartStart);
        mbr[BOOT_DRIVE] = (byte) 0xff;
        mbr[BOOT_DRIVE_CHECK] = (byte) 0x90;
        mbr[BOOT_DRIVE_CHECK + 1] = (byte) 0x90;
        return mbr;
    }

    /** core.img with its first blocklist pointing just past its first sector. */
    static byte[] core(byte[] coreImg, long biosPartStart) {
        byte[] core = coreImg.clone();
        ByteBuffer b = ByteBuffer.wrap(core).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getLong(BLOCKLIST_FIRST_UNUSED) != 0) {
            throw new BootloaderException("core.img does not look like a grub-mkimage i386-pc core (blocklist area in use)");
        }
        int sectors = b.getShort(BLOCKLIST_START + 8) & 0xffff;
        if (sectors == 0 || (long) (sectors + 1) * SECTOR < core.length) {
            throw new BootloaderException("core.img's blocklist says " + sectors + " sectors for " + core.length + " bytes");
        }
        b.putLong(BLOCKLIST_START, biosPartStart + 1);
        return core;
    }

    /**
     * Writes core.img into the BIOS boot partition, then the MBR (last, so a cut leaves the disk
     * as bootable as it was). Sector numbers are 512-byte LBAs: legacy BIOS boots 512e disks only.
     */
    public static void install(BlockDevice disk, long biosPartStart, long biosPartSectors, byte[] bootImg, byte[] coreImg)
            throws IOException {
        if (disk.logicalSectorSize() != SECTOR) {
            throw new BootloaderException("legacy BIOS boot needs 512-byte logical sectors; " + disk.name() + " has "
                    + disk.logicalSectorSize());
        }
        byte[] core = core(coreImg, biosPartStart);
        if (core.length > biosPartSectors * SECTOR) {
            throw new BootloaderException("core.img (" + core.length + " bytes) does not fit the BIOS boot partition ("
                    + biosPartSectors * SECTOR + " bytes)");
        }
        disk.write(biosPartStart * SECTOR, core);
        disk.flush();
        byte[] mbr = mbr(bootImg, disk.read(0, SECTOR), biosPartStart);
        disk.write(0, mbr);
        disk.flush();
    }
}
