package dev.bronze.hardware.disk.mbr;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.testing.MemoryDisk;
import java.io.IOException;

/** DOS tables and EBR chains from arbitrary bytes: MbrException or a table, nothing else. */
class MbrFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void readerRefusesOrReads(FuzzedDataProvider data) throws IOException {
        byte[] disk = new byte[64 * 512];
        byte[] lba0 = data.consumeBytes(512);
        System.arraycopy(lba0, 0, disk, 0, lba0.length);
        disk[510] = 0x55;
        disk[511] = (byte) 0xaa;
        // An extended partition at LBA 8 with EBRs the fuzzer controls.
        if (data.consumeBoolean()) {
            disk[446 + 4] = 0x05;
            disk[446 + 8] = 8;
            disk[446 + 12] = 50;
        }
        for (int lba = 8; lba < 64 && data.remainingBytes() > 0; lba += data.consumeInt(1, 8)) {
            byte[] ebr = data.consumeBytes(64);
            System.arraycopy(ebr, 0, disk, lba * 512 + 446, ebr.length);
            disk[lba * 512 + 510] = 0x55;
            disk[lba * 512 + 511] = (byte) 0xaa;
        }
        try {
            MbrDisk.read(new MemoryDisk(disk, 512));
        } catch (MbrException expected) {
            // A clear refusal.
        }
    }
}
