package dev.bronze.cli;

import static dev.bronze.testing.DiskPeers.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GptCommandTest {

    @TempDir
    Path dir;

    @Test
    void findsAndRepairsADamagedPrimaryAndAGrownImage() throws Exception {
        Path img = dir.resolve("g.img");
        assertThat(MainTest.run("partition", "--image", img.toString(), "--size", "1GiB", "--seed", "g").code()).isZero();
        MainTest.Run ok = MainTest.run("gpt", "--image", img.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("healthy").contains("EFI").contains("META");

        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(512 + 24);
            f.write(9);
            f.setLength(2L << 30);
        }
        MainTest.Run bad = MainTest.run("gpt", "--image", img.toString(), "--json");
        assertThat(bad.code()).isEqualTo(1);
        JsonNode b = new ObjectMapper().readTree(bad.out());
        assertThat(b.get("primary").asText()).contains("header CRC mismatch");
        assertThat(b.get("table").get("partitions")).hasSize(2);

        MainTest.Run fixed = MainTest.run("gpt", "--image", img.toString(), "--repair", "--json");
        assertThat(fixed.code()).as(fixed.err()).isZero();
        JsonNode f = new ObjectMapper().readTree(fixed.out());
        assertThat(f.get("repairs").toString()).contains("backup-moved-to-end").contains("primary-restored");
        assertThat(f.get("table").get("lastLba").asLong()).isEqualTo((2L << 30) / 512 - 1);
        assertThat(run("sgdisk", "-v", img.toString()).out()).contains("No problems found").doesNotContain("Caution");
    }

    @Test
    void anImageWithoutAGptIsReportedAndExitsOne() throws Exception {
        Path img = dir.resolve("e.img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        MainTest.Run r = MainTest.run("gpt", "--image", img.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("no GPT");
        MainTest.Run rep = MainTest.run("gpt", "--image", img.toString(), "--repair");
        assertThat(rep.code()).isEqualTo(1);
        assertThat(rep.err()).contains("no GPT to repair");
    }
}
