package dev.bronze.hardware.devicetree;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.hardware.SysRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardTest {

    @TempDir
    Path root;

    @Test
    void pi4FromDeviceTreeWithRevisionCell() throws Exception {
        Path base = Files.createDirectories(root.resolve("sys/firmware/devicetree/base/system"));
        Files.write(base.resolve("../model"), "Raspberry Pi 4 Model B Rev 1.4\0".getBytes(StandardCharsets.US_ASCII));
        Files.write(base.resolve("../compatible"), "raspberrypi,4-model-b\0brcm,bcm2711\0".getBytes(StandardCharsets.US_ASCII));
        Files.write(base.resolve("../serial-number"), "10000000abcdef01\0".getBytes(StandardCharsets.US_ASCII));
        Files.write(base.resolve("linux,revision"), new byte[] {0, (byte) 0xd0, 0x31, 0x14});
        Board b = Board.read(SysRoot.of(root)).orElseThrow();
        assertThat(b.model()).isEqualTo("Raspberry Pi 4 Model B Rev 1.4");
        assertThat(b.compatible()).containsExactly("raspberrypi,4-model-b", "brcm,bcm2711");
        assertThat(b.soc()).contains("brcm,bcm2711");
        assertThat(b.serial()).isEqualTo("10000000abcdef01");
        assertThat(b.revision().type()).isEqualTo("4B");
        assertThat(b.revision().memoryMb()).isEqualTo(8192);
        assertThat(b.isRaspberryPi()).isTrue();
    }

    @Test
    void procDeviceTreeAndCpuinfoRevisionOnOlderKernels() throws Exception {
        Path base = Files.createDirectories(root.resolve("proc/device-tree"));
        Files.write(base.resolve("model"), "Raspberry Pi 3 Model B Rev 1.2\0".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(root.resolve("proc/cpuinfo"), "processor\t: 0\nmodel name\t: ARMv7 Processor rev 4 (v7l)\n\n"
                + "Hardware\t: BCM2835\nRevision\t: a02082\nSerial\t\t: 00000000c0ffee00\nModel\t\t: Raspberry Pi 3 Model B Rev 1.2\n");
        Board b = Board.read(SysRoot.of(root)).orElseThrow();
        assertThat(b.revision().type()).isEqualTo("3B");
        assertThat(b.revision().manufacturer()).isEqualTo("Sony UK");
        assertThat(b.serial()).isEqualTo("00000000c0ffee00");
    }

    @Test
    void otherBoardsHaveNoPiRevisionAndGarbageIsIgnored() throws Exception {
        Path base = Files.createDirectories(root.resolve("sys/firmware/devicetree/base"));
        Files.write(base.resolve("model"), "Pine64 RockPro64 v2.1\0".getBytes(StandardCharsets.US_ASCII));
        Files.write(base.resolve("compatible"), "pine64,rockpro64-v2.1\0pine64,rockpro64\0rockchip,rk3399\0".getBytes(StandardCharsets.US_ASCII));
        Files.write(base.resolve("serial-number"), new byte[] {1, 2, 3, (byte) 0xff, 0});
        Board b = Board.read(SysRoot.of(root)).orElseThrow();
        assertThat(b.revision()).isNull();
        assertThat(b.serial()).isNull();
        assertThat(b.isRaspberryPi()).isFalse();
        assertThat(DeviceTree.parseStringList(new byte[] {'a', 0, 1, 'b', 0})).isEmpty();
    }

    @Test
    void noDeviceTreeNoBoard() {
        assertThat(Board.read(SysRoot.of(root))).isEmpty();
    }

    @FuzzTest(maxDuration = "20s")
    void stringListNeverThrows(byte[] data) {
        for (String s : DeviceTree.parseStringList(data)) {
            if (s.isEmpty() || s.indexOf('\0') >= 0) {
                throw new AssertionError("bad entry " + s);
            }
        }
    }
}
