package dev.bronze.hardware.fat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.testing.ForwardingDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Replays each kind of change and cuts the power after every one of its writes (later writes are
 * lost; each write call is taken as atomic, which holds for the single-sector directory updates
 * the write order relies on). After every cut the volume must open and read cleanly and hold the
 * old state or the new one, never a mix or nothing.
 */
class PowerCutTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);
    static final byte[] OLD = FatFileSystemTest.bytes(1, 20_000);
    static final byte[] NEW = FatFileSystemTest.bytes(2, 33_000);

    /** A device that accepts {@code budget} writes and then loses power. */
    static final class CuttingDevice extends ForwardingDevice {
        int budget;
        int writes;

        CuttingDevice(BlockDevice inner, int budget) {
            super(inner);
            this.budget = budget;
        }

        private void spend() throws IOException {
            if (writes++ >= budget) {
                throw new IOException("power cut");
            }
        }

        @Override public String name() { return "cut"; }
        @Override public void write(long offset, ByteBuffer src) throws IOException { spend(); inner.write(offset, src); }
        @Override public void flush() { }
        @Override public void discard(long offset, long length) throws IOException { spend(); inner.discard(offset, length); }
        @Override public void zeroRange(long offset, long length) throws IOException { spend(); inner.zeroRange(offset, length); }
    }

    private static MemoryDevice base() {
        MemoryDevice d = new MemoryDevice(40L << 20, 512);
        try (FatFileSystem fs = FatFileSystem.format(d, FatFormat.of("CUT", 1), CLOCK)) {
            fs.mkdirs("/loader/entries");
            fs.write("/loader/entries/bronze-a+3-0.conf", OLD);
            fs.write("/kernel", OLD);
            // Fill the first directory cluster of /full (512 bytes = 16 slots) so the next add grows it.
            fs.mkdirs("/full");
            for (int i = 0; i < 14; i++) {
                fs.write("/full/F" + i, new byte[0]);
            }
        }
        return d;
    }

    private static void replay(Consumer<FatFileSystem> change, Consumer<FatFileSystem> check) {
        MemoryDevice counting = base();
        CuttingDevice all = new CuttingDevice(counting, Integer.MAX_VALUE);
        try (FatFileSystem fs = FatFileSystem.open(all, CLOCK)) {
            change.accept(fs);
        }
        int total = all.writes;
        assertThat(total).isPositive();
        MemoryDevice template = base();
        for (int cut = 0; cut <= total; cut++) {
            MemoryDevice d = template.fork();
            CuttingDevice dev = new CuttingDevice(d, cut);
            try {
                FatFileSystem fs = FatFileSystem.open(dev, CLOCK);
                change.accept(fs);
                fs.close();
            } catch (RuntimeException powerCut) {
                // the machine died here
            }
            try (FatFileSystem after = FatFileSystem.openReadOnly(d)) {
                HostileImages.openAndWalk(d);
                check.accept(after);
            } catch (AssertionError e) {
                throw new AssertionError("after a cut at write " + cut + " of " + total + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean is(FatFileSystem fs, String path, byte[] content) {
        return fs.exists(path) && Arrays.equals(fs.readAllBytes(path), content);
    }

    @Test
    void overwriteWithANewSizeLeavesTheOldOrTheNewFile() {
        replay(fs -> fs.write("/kernel", NEW),
                fs -> assertThat(is(fs, "/kernel", OLD) || is(fs, "/kernel", NEW)).isTrue());
    }

    @Test
    void replaceOfTheSameSizeLeavesTheOldOrTheNewFile() {
        byte[] same = FatFileSystemTest.bytes(3, OLD.length);
        replay(fs -> fs.replace("/kernel", same),
                fs -> assertThat(is(fs, "/kernel", OLD) || is(fs, "/kernel", same)).isTrue());
    }

    @Test
    void aNewFileIsAbsentOrComplete() {
        replay(fs -> fs.write("/initrd with a long name", NEW),
                fs -> assertThat(!fs.exists("/initrd with a long name") || is(fs, "/initrd with a long name", NEW)).isTrue());
    }

    @Test
    void aNewFileInAGrowingDirectoryIsAbsentOrComplete() {
        replay(fs -> fs.write("/full/a file whose name needs three slots", NEW), fs -> {
            assertThat(fs.list("/full")).hasSizeGreaterThanOrEqualTo(14);
            String p = "/full/a file whose name needs three slots";
            assertThat(!fs.exists(p) || is(fs, p, NEW)).isTrue();
        });
    }

    @Test
    void aBootCountingRenameLeavesExactlyOneName() {
        replay(fs -> fs.rename("/loader/entries/bronze-a+3-0.conf", "/loader/entries/bronze-a+2-1.conf"), fs -> {
            boolean oldName = is(fs, "/loader/entries/bronze-a+3-0.conf", OLD);
            boolean newName = is(fs, "/loader/entries/bronze-a+2-1.conf", OLD);
            assertThat(oldName ^ newName).as("exactly one of the names").isTrue();
        });
    }

    @Test
    void aRenameToALongerNameNeverLosesTheFile() {
        replay(fs -> fs.rename("/loader/entries/bronze-a+3-0.conf", "/loader/entries/bronze-a+0-3.a-much-longer-name.conf"), fs -> {
            boolean oldName = is(fs, "/loader/entries/bronze-a+3-0.conf", OLD);
            boolean newName = is(fs, "/loader/entries/bronze-a+0-3.a-much-longer-name.conf", OLD);
            assertThat(oldName || newName).as("at least one of the names").isTrue();
        });
    }

    @Test
    void aDeleteLeavesTheWholeFileOrNothing() {
        replay(fs -> fs.delete("/kernel"), fs -> assertThat(!fs.exists("/kernel") || is(fs, "/kernel", OLD)).isTrue());
    }

    @Test
    void aNewDirectoryIsAbsentOrUsable() {
        replay(fs -> {
            fs.mkdirs("/EFI/BOOT");
            fs.write("/EFI/BOOT/BOOTX64.EFI", "efi".getBytes(StandardCharsets.US_ASCII));
        }, fs -> {
            if (fs.exists("/EFI/BOOT")) {
                assertThat(fs.list("/EFI/BOOT")).allMatch(e -> e.name().equals("BOOTX64.EFI"));
            }
            if (fs.exists("/EFI/BOOT/BOOTX64.EFI")) {
                assertThat(fs.readAllBytes("/EFI/BOOT/BOOTX64.EFI")).isEqualTo("efi".getBytes(StandardCharsets.US_ASCII));
            }
        });
    }
}
