package dev.bronze.hardware.disk.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
        "20GB, 20000000000", "20 GB, 20000000000", "20gb, 20000000000", "1kB, 1000", "1KB, 1000",
        "512GiB, 549755813888", "1TiB, 1099511627776", "1.5TB, 1500000000000", "4096, 4096", "4096B, 4096",
        "2MiB, 2097152", "0.5KiB, 512",
    })
    void parses(String text, long bytes) {
        assertThat(ByteSize.parseBytes(text)).isEqualTo(bytes);
    }

    @Test
    void refusesAmbiguousAndMalformed() {
        assertThat(ByteSize.parse("20G").error()).contains("unknown size unit \"G\"");
        assertThat(ByteSize.parse("x").error()).contains("is not a size");
        assertThat(ByteSize.parse(".5GB").error()).contains("is not a size");
        assertThat(ByteSize.parse("9999999PB").error()).contains("too large");
        assertThatThrownBy(() -> ByteSize.parseBytes("1 XB")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void humanIsDecimalLikeTheLabelOnTheDisk() {
        assertThat(ByteSize.human(1000204886016L)).isEqualTo("1.0 TB");
        assertThat(ByteSize.human(500107862016L)).isEqualTo("500.1 GB");
        assertThat(ByteSize.human(999_960_000L)).isEqualTo("1.0 GB");
        assertThat(ByteSize.human(512)).isEqualTo("512 B");
        assertThat(ByteSize.human(0)).isEqualTo("0 B");
    }
}
