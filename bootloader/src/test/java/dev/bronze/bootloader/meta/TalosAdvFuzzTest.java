package dev.bronze.bootloader.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

class TalosAdvFuzzTest {

    /**
     * Arbitrary data areas behind valid magics and a valid checksum (so the parser, not the
     * checksum, is what the fuzzer exercises): decoding never throws, and what decodes re-encodes
     * to a block that decodes to the same tags.
     */
    @FuzzTest(maxDuration = "20s")
    void decodeNeverThrows(FuzzedDataProvider data) throws Exception {
        byte[] block = new byte[TalosAdv.LENGTH];
        byte[] body = data.consumeBytes(4096);
        System.arraycopy(body, 0, block, 4, body.length);
        ByteBuffer b = ByteBuffer.wrap(block);
        b.putInt(0, TalosAdv.MAGIC1).putInt(TalosAdv.LENGTH - 4, TalosAdv.MAGIC2);
        if (data.consumeBoolean()) {
            System.arraycopy(MessageDigest.getInstance("SHA-256").digest(block), 0, block, TalosAdv.LENGTH - 36, 32);
        }
        TalosAdv.Decoded d = TalosAdv.decode(block);
        if (d instanceof TalosAdv.Decoded.Valid v) {
            TalosAdv.Decoded again = TalosAdv.decode(TalosAdv.encode(v.tags()));
            assertThat(again).isInstanceOf(TalosAdv.Decoded.Valid.class);
            assertThat(((TalosAdv.Decoded.Valid) again).tags()).containsOnlyKeys(v.tags().keySet());
        }
    }
}
