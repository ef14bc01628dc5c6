package dev.bronze.bootloader.uki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.bootloader.BootloaderException;

class UkiImageFuzzTest {

    /**
     * Hostile PE/COFF: a valid skeleton (so the fuzzer gets past the magics) with fuzzed header
     * fields, section table and contents. Parsing either succeeds with sections inside the file or
     * fails with Bronze's own error; never another exception, never a huge allocation.
     */
    @FuzzTest(maxDuration = "20s")
    void parseFailsOnlyWithBronzeErrors(FuzzedDataProvider data) {
        byte[] image = data.consumeBoolean()
                ? UkiImageTest.pe(data.consumeInt(0, 100), data.consumeInt(0, 12), ".linux:16:16:2048", ".osrel:17:512:2048", ".cmdline:8:8:2060")
                : new byte[0];
        byte[] fuzz = data.consumeBytes(8192);
        if (image.length == 0) {
            image = fuzz;
        } else {
            int at = data.consumeInt(0, image.length - 1);
            System.arraycopy(fuzz, 0, image, at, Math.min(fuzz.length, image.length - at));
        }
        try {
            UkiImage u = UkiImage.parse("fuzz.efi", image);
            assertThat(u.sections()).isNotEmpty().hasSizeLessThanOrEqualTo(UkiImage.MAX_SECTIONS);
            assertThat(u.cmdline().orElse("").length()).isLessThanOrEqualTo(UkiImage.MAX_TEXT_SECTION);
        } catch (BootloaderException expected) {
            assertThat(expected.getMessage()).startsWith("UKI fuzz.efi ");
        }
    }
}
