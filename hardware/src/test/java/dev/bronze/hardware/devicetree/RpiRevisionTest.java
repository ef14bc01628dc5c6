package dev.bronze.hardware.devicetree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.testing.Fixtures;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RpiRevisionTest {

    @Test
    void upstreamWorkedExample() {
        RpiRevision r = RpiRevision.parse("c03111").orElseThrow();
        assertThat(r.newStyle()).isTrue();
        assertThat(r.type()).isEqualTo("4B");
        assertThat(r.typeCode()).isEqualTo(0x11);
        assertThat(r.processor()).isEqualTo("BCM2711");
        assertThat(r.manufacturer()).isEqualTo("Sony UK");
        assertThat(r.memoryMb()).isEqualTo(4096);
        assertThat(r.revision()).isEqualTo("1.1");
        assertThat(r.describe()).isEqualTo("Raspberry Pi 4B rev 1.1, 4 GB, BCM2711, Sony UK");
    }

    /**
     * Every row of Raspberry Pi's own tables (old and new style), decoded by bit fields, must give
     * the model, revision, RAM and maker the table prints: the decoder has no list of new codes.
     */
    @Test
    void everyDocumentedCodeDecodesToItsTableRow() throws Exception {
        String doc = Files.readString(Fixtures.sharedFixture("hardware/rpi-revision-codes.md"));
        Pattern row = Pattern.compile("^\\| ([0-9a-f]{4,6}) \\| ([^|]+) \\| ([0-9.]+) \\| ([^|]+) \\| ([^|]+) \\|$", Pattern.MULTILINE);
        Matcher m = row.matcher(doc);
        int rows = 0;
        while (m.find()) {
            rows++;
            RpiRevision r = RpiRevision.parse(m.group(1)).orElseThrow(() -> new AssertionError("no decode: " + m.group(1)));
            String model = m.group(2).strip().replace(" (with BCM2837)", "");
            assertThat(r.type()).as(m.group(0)).isEqualTo(model);
            assertThat(r.revision()).as(m.group(0)).isEqualTo(m.group(3));
            String ram = m.group(4).strip();
            String mem = r.memoryMb() >= 1024 ? (r.memoryMb() / 1024) + " GB" : r.memoryMb() + " MB";
            assertThat(ram).as(m.group(0)).startsWith(mem);
            assertThat(r.manufacturer()).as(m.group(0)).isEqualTo(m.group(5).strip());
            if (m.group(2).contains("BCM2837")) {
                assertThat(r.processor()).isEqualTo("BCM2837");
            }
        }
        assertThat(rows).isGreaterThan(70);
    }

    @Test
    void futureBoardsStillDecodeByFields() {
        // Type 0x2f, BCM2712, 16 GB, Sony UK, rev 3: not in any table yet.
        RpiRevision r = RpiRevision.decode(0xe042f3L).orElseThrow();
        assertThat(r.type()).isEqualTo("unknown (0x2f)");
        assertThat(r.processor()).isEqualTo("BCM2712");
        assertThat(r.memoryMb()).isEqualTo(16384);
        assertThat(r.revision()).isEqualTo("1.3");
    }

    @Test
    void oldStyleWarrantyBitAndGarbage() {
        RpiRevision r = RpiRevision.parse("1000002").orElseThrow();
        assertThat(r.newStyle()).isFalse();
        assertThat(r.type()).isEqualTo("B");
        assertThat(r.warrantyVoid()).isTrue();
        assertThat(RpiRevision.parse("000a")).isEmpty();
        assertThat(RpiRevision.parse("zzzz")).isEmpty();
        assertThat(RpiRevision.parse("")).isEmpty();
        assertThat(RpiRevision.parse("123456789")).isEmpty();
        assertThat(RpiRevision.decode(0)).isEmpty();
    }
}
