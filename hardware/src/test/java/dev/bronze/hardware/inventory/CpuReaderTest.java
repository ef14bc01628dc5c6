package dev.bronze.hardware.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.hardware.SysRoot;
import dev.bronze.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuReaderTest {

    @TempDir
    Path tmp;

    private Inventory.Cpus fromSharedCpuinfo(String name) throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Files.copy(Fixtures.sharedFixture("hardware/cpuinfo/" + name), proc.resolve("cpuinfo"));
        return CpuReader.read(SysRoot.of(tmp), new ArrayList<>());
    }

    @Test
    void realX86CpuinfoWithoutSysfsTopology() throws Exception {
        List<String> notes = new ArrayList<>();
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Files.copy(Fixtures.sharedFixture("hardware/cpuinfo/x86_64.cpuinfo"), proc.resolve("cpuinfo"));
        Inventory.Cpus c = CpuReader.read(SysRoot.of(tmp), notes);
        assertThat(c.model()).contains("i7-8700");
        assertThat(c.vendor()).isEqualTo("GenuineIntel");
        assertThat(c.threads()).isEqualTo(4);
        // The published excerpt cut the flags line after "msr": no "lm", so not even x86-64-v1 can be claimed.
        assertThat(c.x86Level()).isZero();
        assertThat(c.architecture()).isEqualTo("x86");
        assertThat(c.missingForNextLevel()).contains("lm", "cmov", "sse2");
        assertThat(notes).anyMatch(n -> n.contains("no sysfs topology"));
    }

    @Test
    void realArm64Cpuinfo() throws Exception {
        Inventory.Cpus c = fromSharedCpuinfo("arm64-neoverse-n1.cpuinfo");
        assertThat(c.architecture()).isEqualTo("aarch64");
        assertThat(c.armImplementer()).isEqualTo(0x41);
        assertThat(c.armPart()).isEqualTo(0xd0c);
        assertThat(c.armCore()).isEqualTo("Arm Neoverse-N1");
        assertThat(c.model()).isEqualTo("Arm Neoverse-N1");
        assertThat(c.threads()).isEqualTo(2);
        assertThat(c.flags()).contains("asimd");
    }

    @Test
    void bigLittleArmAndARaspberryPiCpuinfoWithoutDeviceTree() throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append("processor\t: ").append(i).append("\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd evtstrm aes\n")
                    .append("CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x2\n")
                    .append("CPU part\t: ").append(i < 4 ? "0xd05" : "0xd0b").append("\nCPU revision\t: 0\n\n");
        }
        b.append("Hardware\t: BCM2835\nRevision\t: c03114\nSerial\t\t: 10000000a1b2c3d4\n")
                .append("Model\t\t: Raspberry Pi 4 Model B Rev 1.4\n");
        Files.writeString(proc.resolve("cpuinfo"), b.toString());
        Inventory.Cpus c = CpuReader.read(SysRoot.of(tmp), new ArrayList<>());
        assertThat(c.armCore()).isEqualTo("Arm Cortex-A55 + Arm Cortex-A76");
        assertThat(c.threads()).isEqualTo(8);
        Inventory.Board board = IdentityReader.board(SysRoot.of(tmp));
        assertThat(board).isEqualTo(new Inventory.Board("Raspberry Pi 4 Model B Rev 1.4", List.of(),
                "10000000a1b2c3d4", "c03114"));
    }

    @Test
    void x86LevelsFollowThePsAbi() {
        Set<String> v1 = Set.copyOf(X86Level.V1);
        assertThat(X86Level.of(v1)).isEqualTo(1);
        Set<String> v2 = union(X86Level.V1, X86Level.V2);
        assertThat(X86Level.of(v2)).isEqualTo(2);
        Set<String> v3 = union(X86Level.V1, X86Level.V2, X86Level.V3);
        assertThat(X86Level.of(v3)).isEqualTo(3);
        assertThat(X86Level.of(union(X86Level.V1, X86Level.V2, X86Level.V3, X86Level.V4))).isEqualTo(4);
        // AVX-512 without the v3 set (impossible in silicon, possible in a hypervisor's mask) stays v2.
        assertThat(X86Level.of(union(X86Level.V1, X86Level.V2, X86Level.V4))).isEqualTo(2);
        Set<String> noPopcnt = new java.util.HashSet<>(v3);
        noPopcnt.remove("popcnt");
        assertThat(X86Level.of(noPopcnt)).isEqualTo(1);
        assertThat(X86Level.missingForNext(noPopcnt)).containsExactly("popcnt");
        Set<String> i386 = new java.util.HashSet<>(v1);
        i386.remove("lm");
        assertThat(X86Level.of(i386)).isZero();
    }

    @SafeVarargs
    private static Set<String> union(List<String>... lists) {
        Set<String> s = new java.util.HashSet<>();
        for (List<String> l : lists) {
            s.addAll(l);
        }
        return s;
    }
}
