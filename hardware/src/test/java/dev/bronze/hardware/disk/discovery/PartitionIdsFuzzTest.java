package dev.bronze.hardware.disk.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import org.apache.commons.io.FileUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;

/** Partition tables are outside bytes: any content gives ids of the right form, or none. */
class PartitionIdsFuzzTest {

    private static Path root;

    @FuzzTest(maxDuration = "60s")
    void anyTableGivesWellFormedIdsOrNone(FuzzedDataProvider data) throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("bronze-partids-fuzz");
            Path r = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(r.toFile())));
            Files.createDirectories(root.resolve("dev"));
        }
        int sector = data.pickValue(new int[] {512, 4096});
        byte[] img = new byte[sector * 4];
        byte[] fuzz = data.consumeBytes(img.length);
        System.arraycopy(fuzz, 0, img, 0, fuzz.length);
        if (data.consumeBoolean()) {
            // Make the header and array CRCs right often enough that the entry parser is reached.
            ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(sector, 0x5452415020494645L);
            b.putInt(sector + 12, 92);
            b.putLong(sector + 72, 2);
            b.putInt(sector + 80, data.consumeInt(0, 8));
            b.putInt(sector + 84, 128);
            int arrayLen = b.getInt(sector + 80) * 128;
            CRC32 a = new CRC32();
            a.update(img, 2 * sector, Math.min(arrayLen, img.length - 2 * sector));
            b.putInt(sector + 88, (int) a.getValue());
            b.putInt(sector + 16, 0);
            CRC32 h = new CRC32();
            h.update(img, sector, 92);
            b.putInt(sector + 16, (int) h.getValue());
        }
        Files.write(root.resolve("dev/x"), img);
        Map<Integer, String> ids = PartitionIds.read(SysRoot.of(root), "x", sector);
        ids.forEach((n, id) -> {
            assertThat(n).isPositive();
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{8}-[0-9a-f]{2}");
        });
    }
}
