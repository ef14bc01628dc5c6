package dev.bronze.hardware.disk.gpt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.testing.MemoryDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Mutates a valid GPT disk (bytes anywhere, optionally with the header CRCs fixed up so the
 * fuzzer gets past them) and holds the reader to its contract: no exception but GptException,
 * and whatever repair accepts comes out healthy.
 */
class GptFuzzTest {

    static byte[] validDisk(int ss) throws IOException {
        int lbas = 96;
        MemoryDisk d = new MemoryDisk(new byte[lbas * ss], ss);
        int arrayLbas = Gpt.arrayLbas(128, 128, ss);
        Gpt g = new Gpt(ss, UUID.fromString("11111111-2222-3333-4444-555555555555"), lbas - 1, 2 + arrayLbas,
                lbas - 2 - arrayLbas, 128, 128, List.of(
                        new GptPartition(1, GptType.ESP, UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"),
                                2 + arrayLbas, 2 + arrayLbas + 9, 0, "EFI"),
                        new GptPartition(3, GptType.LINUX_DATA, UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-ffffffffffff"),
                                2 + arrayLbas + 10, 2 + arrayLbas + 20, GptType.ATTR_LEGACY_BIOS_BOOTABLE, "META")),
                false);
        GptDisk.write(d, g);
        return d.bytes();
    }

    private static void fixCrc(byte[] disk, int headerOffset) {
        ByteBuffer b = ByteBuffer.wrap(disk).order(ByteOrder.LITTLE_ENDIAN);
        int size = b.getInt(headerOffset + 12);
        if (size < 92 || size > 512) {
            return;
        }
        b.putInt(headerOffset + 16, 0);
        CRC32 c = new CRC32();
        c.update(disk, headerOffset, size);
        b.putInt(headerOffset + 16, (int) c.getValue());
    }

    @FuzzTest(maxDuration = "30s")
    void readerAndRepairKeepTheirContract(FuzzedDataProvider data) throws IOException {
        int ss = data.consumeBoolean() ? 512 : 4096;
        byte[] disk = validDisk(ss);
        int edits = data.consumeInt(0, 16);
        for (int i = 0; i < edits && data.remainingBytes() > 4; i++) {
            int at = data.consumeInt(0, disk.length - 1);
            disk[at] = data.consumeByte();
        }
        if (data.consumeBoolean()) {
            fixCrc(disk, ss);
            fixCrc(disk, disk.length - ss);
        }
        MemoryDisk d = new MemoryDisk(disk, ss);
        GptInspection i = GptDisk.inspect(d);
        assertThat(i.summary()).isNotNull();
        try {
            GptDisk.read(d);
        } catch (GptException expected) {
            // Refusing is fine; crashing is not.
        }
        try {
            GptDisk.repair(d);
            GptInspection after = GptDisk.inspect(d);
            assertThat(after.primary().isValid() && after.backup().isValid()).as(after.summary()).isTrue();
        } catch (GptException expected) {
            // Nothing to repair from, or a table whose partitions overlap.
        }
    }

    @FuzzTest(maxDuration = "30s")
    void rawBytesNeverCrashTheReader(byte[] raw) throws IOException {
        int ss = raw.length > 0 && (raw[0] & 1) == 1 ? 4096 : 512;
        byte[] disk = new byte[Math.max(raw.length, 3 * ss) / ss * ss];
        System.arraycopy(raw, 0, disk, 0, Math.min(raw.length, disk.length));
        MemoryDisk d = new MemoryDisk(disk, ss);
        GptDisk.inspect(d);
        GptDisk.detectSectorSize(d);
    }
}
