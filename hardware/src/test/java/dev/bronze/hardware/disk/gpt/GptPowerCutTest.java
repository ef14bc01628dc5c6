package dev.bronze.hardware.disk.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.testing.ForwardingDevice;
import dev.bronze.testing.MemoryDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ARCHITECTURE.md decision 5: replays a table rewrite against a device that loses power after the
 * n-th write, for every n, and checks that what is left always has a valid GPT: the old table or
 * the new one, never neither.
 */
class GptPowerCutTest {

    /** Forwards writes until the budget is spent, then fails every write (the power is gone). */
    static final class CutDisk extends ForwardingDevice {
        private int budget;

        CutDisk(MemoryDisk disk, int budget) {
            super(disk);
            this.budget = budget;
        }

        @Override public String name() { return "cut"; }
        @Override public void flush() { }
        @Override public void discard(long offset, long length) { }
        @Override public void zeroRange(long offset, long length) { }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            if (budget-- <= 0) {
                throw new IOException("power cut");
            }
            inner.write(offset, src);
        }
    }

    static Gpt table(int ss, long lbas, String name, long firstMib) {
        long mib = (1L << 20) / ss;
        Gpt e = Gpt.empty(ss, lbas, UUID.nameUUIDFromBytes(name.getBytes()));
        return e.withPartitions(List.of(new GptPartition(1, GptType.ESP, UUID.nameUUIDFromBytes((name + 1).getBytes()),
                firstMib * mib, (firstMib + 4) * mib - 1, 0, name)));
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void everyCutOfARewriteLeavesTheOldOrTheNewTable(int ss) throws IOException {
        long lbas = (16L << 20) / ss;
        Gpt before = table(ss, lbas, "old", 1);
        Gpt after = table(ss, lbas, "new", 6);
        int writes = -1;
        for (int cut = 0; cut < 20; cut++) {
            MemoryDisk disk = new MemoryDisk(new byte[16 << 20], ss);
            GptDisk.write(disk, before);
            CutDisk device = new CutDisk(disk, cut);
            try {
                GptDisk.write(device, after);
                writes = cut;
            } catch (IOException e) {
                assertThat(e).hasMessage("power cut");
            }
            Gpt seen = GptDisk.read(disk);
            assertThat(seen.partitions().get(0).name()).as("after %d writes", cut).isIn("old", "new");
            // And whatever survived can be made whole again.
            GptDisk.repair(disk);
            assertThat(GptDisk.inspect(disk).healthy()).as("repair after %d writes", cut).isTrue();
            if (writes == cut) {
                assertThat(seen.partitions().get(0).name()).isEqualTo("new");
                break;
            }
        }
        assertThat(writes).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 4096})
    void everyCutOfMovingTheBackupLeavesAValidTable(int ss) throws IOException {
        for (int cut = 0; cut < 8; cut++) {
            MemoryDisk small = new MemoryDisk(new byte[16 << 20], ss);
            GptDisk.write(small, table(ss, (16L << 20) / ss, "grow", 1));
            MemoryDisk grown = new MemoryDisk(java.util.Arrays.copyOf(small.bytes(), 32 << 20), ss);
            try {
                GptDisk.repair(new CutDisk(grown, cut));
            } catch (IOException e) {
                assertThat(e).hasMessage("power cut");
            }
            assertThat(GptDisk.read(grown).partitions().get(0).name()).as("after %d writes", cut).isEqualTo("grow");
        }
        MemoryDisk none = new MemoryDisk(new byte[1 << 20], ss);
        assertThatThrownBy(() -> GptDisk.repair(none)).hasMessageContaining("no GPT to repair");
    }
}
