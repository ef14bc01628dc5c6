package dev.bronze.platform.decode;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Hostile bytes through every decoder: only DecodeException may come out, and within the cap. */
class DecodersFuzzTest {

    private static final long CAP = 1 << 20;

    @FuzzTest(maxDuration = "20s")
    void decoders(FuzzedDataProvider data) {
        String enc = data.pickValue(new String[] {"", "base64", "b64", "gzip", "gzip+base64", "gz+b64", "bad"});
        byte[] b = data.consumeRemainingAsBytes();
        expectOnlyDecodeException(() -> Decoders.gunzip(b, CAP));
        expectOnlyDecodeException(() -> Decoders.zstd(b, CAP));
        expectOnlyDecodeException(() -> Decoders.base64(b));
        expectOnlyDecodeException(() -> Decoders.named(enc, b, CAP));
        Decoders.looksBase64(b);
    }

    private static void expectOnlyDecodeException(Runnable r) {
        try {
            r.run();
        } catch (DecodeException expected) {
            // a clear error is the right answer to garbage
        }
    }
}
