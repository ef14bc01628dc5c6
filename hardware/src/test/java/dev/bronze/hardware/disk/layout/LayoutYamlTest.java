package dev.bronze.hardware.disk.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bronze.hardware.disk.gpt.GptType;
import org.junit.jupiter.api.Test;

class LayoutYamlTest {

    @Test
    void readsACustomLayout() {
        Layout l = LayoutYaml.parse("""
                name: edge
                table: gpt
                slotPayload: 200MiB
                partitions:
                  - label: EFI
                    type: esp
                    size: boot-slots
                    preferred: 512MiB
                    filesystem: vfat
                  - label: META
                    type: linux
                    size: 1MiB
                    filesystem: zero
                  - label: ROOT-A
                    type: root-x86-64
                    size: 2GiB
                    attributes: [no-auto, 48]
                  - label: EPHEMERAL
                    type: 0fc63daf-8483-4772-8e79-3d69d8477de4
                    size: rest
                    min: 4GiB
                    filesystem: ext4
                    attributes: [growfs]
                """, "x", "test");
        assertThat(l.name()).isEqualTo("edge");
        assertThat(l.slotPayloadBytes()).isEqualTo(200L << 20);
        assertThat(l.partitions()).hasSize(4);
        assertThat(l.partitions().get(0).size()).isEqualTo(new SizeSpec.BootSlots(512L << 20));
        assertThat(l.partitions().get(2).gptType()).isEqualTo(GptType.ROOT_X86_64);
        assertThat(l.partitions().get(2).attributes()).isEqualTo(GptType.ATTR_DPS_NO_AUTO | (1L << 48));
        assertThat(l.partitions().get(3).size()).isEqualTo(new SizeSpec.Rest(4L << 30));
        assertThat(l.partitions().get(3).filesystem()).isEqualTo(Filesystem.EXT4);
    }

    @Test
    void readsAnMbrLayout() {
        Layout l = LayoutYaml.parse("""
                table: mbr
                partitions:
                  - {label: boot, type: esp, mbrType: 0x0c, size: boot-slots, filesystem: vfat, bootable: true}
                  - {label: META, size: 1MiB, filesystem: zero}
                """, "pi", "test");
        assertThat(l.table()).isEqualTo(TableKind.MBR);
        assertThat(l.partitions().get(0).mbrType()).isEqualTo(0x0c);
        assertThat(l.partitions().get(0).bootable()).isTrue();
        assertThat(l.partitions().get(1).mbrType()).isEqualTo(0x83);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> LayoutYaml.parse("partitions:\n  - label: A\n    size: 1MiB\n    sise: 2\n", "x", "f.yaml"))
                .hasMessageContaining("f.yaml partition 1: unknown key \"sise\"");
        assertThatThrownBy(() -> LayoutYaml.parse("partitions:\n  - label: A\n    size: 1MiB\n    type: zfs\n", "x", "f"))
                .hasMessageContaining("unknown type \"zfs\"");
        assertThatThrownBy(() -> LayoutYaml.parse("table: apm\npartitions: [{label: A, size: 1MiB}]\n", "x", "f"))
                .hasMessageContaining("table must be gpt or mbr");
        assertThatThrownBy(() -> LayoutYaml.parse("partitions: [", "x", "f")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> LayoutYaml.parse("- a\n- b\n", "x", "f")).hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> LayoutYaml.parse("table: mbr\npartitions: [{label: A, size: 1MiB, mbrType: 0xee}]", "x", "f"))
                .hasMessageContaining("not 0xee");
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder y = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        assertThatThrownBy(() -> LayoutYaml.parse(y.toString(), "x", "bomb")).isInstanceOf(LayoutException.class);
    }

    @FuzzTest(maxDuration = "30s")
    void anyTextIsALayoutOrALayoutException(String text) {
        if (text == null) {
            return;
        }
        try {
            LayoutYaml.parse(text, "fuzz", "fuzz");
        } catch (LayoutException expected) {
            // Named refusal.
        }
    }
}
