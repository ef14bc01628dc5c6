package dev.bronze.hardware.fat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Jazzer over the reader: corrupt metadata of valid FAT32/FAT16 volumes byte by byte, or give the
 * fuzzer the first sectors of a device outright. The reader must end every input with a result or
 * a HardwareException, in bounded time (Jazzer reports hangs and out-of-memory as findings).
 */
class FatReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void corruptedMetadata(FuzzedDataProvider data) {
        MemoryDevice dev = (data.consumeBoolean() ? HostileImages.FAT32 : HostileImages.FAT16).fork();
        int patches = data.consumeInt(1, 32);
        for (int i = 0; i < patches && data.remainingBytes() > 0; i++) {
            long[] region = HostileImages.REGIONS[data.consumeInt(0, HostileImages.REGIONS.length - 1)];
            long off = region[0] + data.consumeLong(0, region[1] - 1);
            dev.poke(off, data.consumeByte());
        }
        HostileImages.openAndWalk(dev);
    }

    @FuzzTest(maxDuration = "30s")
    void rawLeadingSectors(byte[] input) throws Exception {
        MemoryDevice dev = new MemoryDevice(64L << 20, 512);
        dev.write(0, ByteBuffer.wrap(input, 0, Math.min(input.length, 1 << 20)));
        HostileImages.openAndWalk(dev);
    }
}
