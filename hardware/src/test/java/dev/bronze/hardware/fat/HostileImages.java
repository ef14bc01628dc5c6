package dev.bronze.hardware.fat;

import dev.bronze.hardware.HardwareException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Templates to corrupt and a bounded walk that reads everything a reader would. */
final class HostileImages {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final MemoryDevice FAT32 = template(40L << 20, null);
    static final MemoryDevice FAT16 = template(24L << 20, FatType.FAT16);
    /** Where metadata lives in the templates: boot sector, both FATs' heads, root and first directories. */
    static final long[][] REGIONS = {{0, 512}, {512, 7 * 512}, {32 * 512, 8192}, {0x10000, 0x40000}};

    private HostileImages() {
    }

    private static MemoryDevice template(long size, FatType type) {
        MemoryDevice d = new MemoryDevice(size, 512);
        FatFormat f = FatFormat.of("HOSTILE", 1);
        try (FatFileSystem fs = FatFileSystem.format(d, type == null ? f : f.withType(type), CLOCK)) {
            fs.mkdirs("/EFI/BOOT");
            fs.write("/EFI/BOOT/BOOTX64.EFI", new byte[9000]);
            fs.mkdirs("/loader/entries");
            for (int i = 0; i < 40; i++) {
                fs.write("/loader/entries/entry number " + i + ".conf", ("title " + i).getBytes());
            }
            fs.write("/grub.env", new byte[1024]);
            fs.delete("/loader/entries/entry number 7.conf");
        }
        return d;
    }

    /** Opens and reads everything; any failure must be a HardwareException (a clear message). */
    static void openAndWalk(MemoryDevice dev) {
        try (FatFileSystem fs = FatFileSystem.openReadOnly(dev)) {
            fs.label();
            fs.freeBytes();
            walk(fs, "/", 0, new int[] {0});
        } catch (HardwareException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("error without a message", expected);
            }
        }
    }

    private static void walk(FatFileSystem fs, String dir, int depth, int[] budget) {
        if (depth > 6) {
            return;
        }
        for (FatEntry e : fs.list(dir)) {
            if (++budget[0] > 5000) {
                return;
            }
            String p = dir.endsWith("/") ? dir + e.name() : dir + "/" + e.name();
            try {
                if (e.directory()) {
                    walk(fs, p, depth + 1, budget);
                } else if (e.size() <= (1 << 20)) {
                    fs.read(p, OutputStream.nullOutputStream());
                }
            } catch (HardwareException perEntry) {
                // one damaged entry does not stop a reader from reading the others
            }
        }
    }
}
