package dev.bronze.bootloader.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetaStoreTest {

    static final byte[] NETWORK_YAML = "addresses:\n  - 10.0.0.2/24\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] UUID = "8a0f4c2e-1111-4e6f-9a8e-0123456789ab".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    ImageFile metaImage() throws IOException {
        return ImageFile.create(dir.resolve("meta.img"), MetaStore.PARTITION_SIZE, 512);
    }

    static byte[] golden(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Fixtures.vector("meta/" + name)))) {
            return in.readAllBytes();
        }
    }

    /** Runs the independent Python checker over the partition image. */
    static JsonNode pythonCheck(Path image) throws Exception {
        Process p = new ProcessBuilder("python3", Fixtures.vector("meta/adv.py").toString(), "check", image.toString())
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return new ObjectMapper().readTree(out);
    }

    @Test
    void encodesByteForByteLikeTheGoldenBlocks() throws IOException {
        assertThat(TalosAdv.encode(Map.of())).isEqualTo(golden("golden-empty.bin.gz"));
        Map<Integer, byte[]> tags = new TreeMap<>(Map.of(
                MetaKey.UPGRADE.tag(), "A".getBytes(StandardCharsets.UTF_8),
                MetaKey.METAL_NETWORK_PLATFORM_CONFIG.tag(), NETWORK_YAML,
                MetaKey.UUID_OVERRIDE.tag(), UUID));
        assertThat(TalosAdv.encode(tags)).isEqualTo(golden("golden-upgrade.bin.gz"));
        TalosAdv.Decoded d = TalosAdv.decode(golden("golden-upgrade.bin.gz"));
        assertThat(d).isInstanceOf(TalosAdv.Decoded.Valid.class);
        assertThat(((TalosAdv.Decoded.Valid) d).tags().get(0x0a)).isEqualTo(NETWORK_YAML);
    }

    @Test
    void writtenPartitionsPassTheIndependentChecker() throws Exception {
        try (ImageFile img = metaImage()) {
            MetaStore store = new MetaStore(img);
            store.set(MetaKey.UPGRADE, "B");
            store.set(MetaKey.BRONZE_TRUST_KEY_FINGERPRINT, "ab".repeat(32));
            store.set(0x42, new byte[] {0, 1, 2});
            store.delete(0x42);
        }
        JsonNode r = pythonCheck(dir.resolve("meta.img"));
        for (JsonNode copy : r.get("copies")) {
            assertThat(copy.get("valid").asBoolean()).as(copy.toString()).isTrue();
            assertThat(copy.get("tags").get("6").asText()).isEqualTo(HexFormat.of().formatHex("B".getBytes()));
            assertThat(copy.get("tags").has(String.valueOf(0xb1))).isTrue();
            assertThat(copy.get("tags").has(String.valueOf(0x42))).isFalse();
        }
    }

    @Test
    void aCorruptFirstCopyIsReadFromTheSecond() throws IOException {
        try (ImageFile img = metaImage()) {
            MetaStore store = new MetaStore(img);
            store.set(MetaKey.UPGRADE, "A");
            img.write(1000, new byte[] {0x55});
            MetaStore.Snapshot s = store.read();
            assertThat(s.copy()).isEqualTo(2);
            assertThat(s.get(MetaKey.UPGRADE)).contains("A");
            assertThat(s.problems()).containsExactly("copy 1: checksum mismatch");
        }
    }

    @Test
    void aFreshZeroedPartitionIsEmptyAndWritable() throws IOException {
        try (ImageFile img = metaImage()) {
            MetaStore store = new MetaStore(img);
            assertThat(store.read().tags()).isEmpty();
            assertThat(store.read().copy()).isZero();
            assertThat(store.freeBytes()).isEqualTo(TalosAdv.DATA_LENGTH);
        }
    }

    @Test
    void refusesToOverwriteSomethingThatIsNotMeta() throws IOException {
        try (ImageFile img = metaImage()) {
            img.write(0, "XFSB-not-meta".getBytes(StandardCharsets.UTF_8));
            MetaStore store = new MetaStore(img);
            assertThat(store.read().problems()).isNotEmpty();
            assertThatThrownBy(() -> store.set(MetaKey.UPGRADE, "A"))
                    .isInstanceOf(BootloaderException.class).hasMessageContaining("not a Talos ADV");
        }
    }

    @Test
    void refusesValuesThatDoNotFit() throws IOException {
        try (ImageFile img = metaImage()) {
            MetaStore store = new MetaStore(img);
            assertThatThrownBy(() -> store.set(0x0c, new byte[TalosAdv.DATA_LENGTH]))
                    .isInstanceOf(BootloaderException.class).hasMessageContaining("META is full");
            assertThat(store.read().tags()).isEmpty();
        }
    }

    @Test
    void readsLegacySyslinuxKeysAsAFallback() throws IOException {
        byte[] adv = new byte[512];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(adv).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, SyslinuxAdv.HEAD);
        adv[8] = 0x06;
        adv[9] = 1;
        adv[10] = 'B';
        b.putInt(508, SyslinuxAdv.TAIL);
        int sum = 0;
        for (int i = 8; i < 508; i += 4) {
            sum += b.getInt(i);
        }
        b.putInt(4, SyslinuxAdv.TOTAL - sum);
        try (ImageFile img = metaImage()) {
            img.write(MetaStore.PARTITION_SIZE - 1024, adv);
            img.write(MetaStore.PARTITION_SIZE - 512, adv);
            MetaStore store = new MetaStore(img);
            assertThat(store.read().get(MetaKey.UPGRADE)).contains("B");
            store.set(MetaKey.UPGRADE, "A");
            assertThat(store.read().get(MetaKey.UPGRADE)).contains("A");
            // The legacy area is preserved as found.
            assertThat(img.read(MetaStore.PARTITION_SIZE - 1024, 512)).isEqualTo(adv);
        }
    }

    /**
     * Cuts power at every write of a sequence of changes, with and without torn sectors: the state
     * read afterwards is always the one before or after the cut change, never older and never lost.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 256})
    void aPowerCutAtAnyWriteKeepsTheStateBeforeOrAfter(int tornSectors) throws IOException {
        List<String> values = List.of("A", "B", "A", "B");
        Path path = dir.resolve("cut.img");
        for (int change = 0; change < values.size(); change++) {
            for (int cut = 0; cut < 4; cut++) {
                // Prepare: apply the changes before this one, including a cut state left by a previous write.
                try (ImageFile img = ImageFile.create(path, MetaStore.PARTITION_SIZE, 512)) {
                    MetaStore clean = new MetaStore(img);
                    for (int i = 0; i < change; i++) {
                        clean.set(MetaKey.UPGRADE, values.get(i));
                    }
                    if (change > 0) {
                        // Leave copy 2 stale, as a cut between the two copies of the last write does.
                        img.write(MetaStore.COPY2_OFFSET, TalosAdv.encode(Map.of(6, "stale".getBytes())));
                    }
                    String before = change == 0 ? null : values.get(change - 1);
                    CuttingDevice cutting = new CuttingDevice(img, cut, tornSectors);
                    try {
                        new MetaStore(cutting).set(MetaKey.UPGRADE, values.get(change));
                    } catch (CuttingDevice.PowerCut expected) {
                        // the point of the test
                    }
                    MetaStore.Snapshot after = new MetaStore(img).read();
                    String got = after.get(MetaKey.UPGRADE).orElse(null);
                    assertThat(got).as("change %d cut at write %d torn %d", change, cut, tornSectors)
                            .isIn(before, values.get(change));
                }
            }
        }
    }

    @Test
    void keysParseByNameOrNumber() {
        assertThat(MetaKey.parseTag("Upgrade")).isEqualTo(6);
        assertThat(MetaKey.parseTag("upgrade")).isEqualTo(6);
        assertThat(MetaKey.parseTag("0x0a")).isEqualTo(10);
        assertThat(MetaKey.parseTag("15")).isEqualTo(15);
        assertThat(MetaKey.nameOf(0x0f)).isEqualTo("UUIDOverride");
        assertThat(MetaKey.nameOf(0x42)).isEqualTo("0x42");
        assertThatThrownBy(() -> MetaKey.parseTag("0x100")).isInstanceOf(BootloaderException.class);
        assertThatThrownBy(() -> MetaKey.parseTag("nope")).isInstanceOf(BootloaderException.class);
    }

}
