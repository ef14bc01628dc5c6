package dev.bronze.hardware.disk.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.disk.gpt.GptType;
import dev.bronze.hardware.disk.gpt.GuidSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutPlannerTest {

    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final DiskContents EMPTY = new DiskContents("none", List.of(), List.of(), false);

    static Plan plan(Layout l, long size, int ss) {
        return LayoutPlanner.plan(l, "disk", size, ss, GuidSource.seeded("p"), EMPTY);
    }

    @Test
    void everyPartitionStartsAndEndsOnAMebibyte() {
        for (Layout l : List.of(Layout.uefi(), Layout.bios(), Layout.rpi(),
                Layout.bios().withData(true, true, Filesystem.XFS))) {
            for (int ss : new int[] {512, 4096}) {
                Plan p = plan(l, 20 * GIB + 12345 * 4096L, ss);
                long prevEnd = MIB;
                for (PlannedPartition q : p.partitions()) {
                    assertThat(q.offset() % MIB).isZero();
                    assertThat(q.size() % MIB).isZero();
                    assertThat(q.offset()).isEqualTo(prevEnd);
                    assertThat(q.firstLba() * ss).isEqualTo(q.offset());
                    assertThat((q.lastLba() + 1) * ss).isEqualTo(q.offset() + q.size());
                    prevEnd = q.offset() + q.size();
                }
            }
        }
    }

    @Test
    void theEspIsOneGibibyteShrinksOnSmallDisksAndIsRefusedWhenTwoSlotsDoNotFit() {
        assertThat(plan(Layout.uefi(), 8 * GIB, 512).partitions().get(0).size()).isEqualTo(GIB);
        // 600 MiB disk: everything but META, the 1 MiB head and the GPT backup's MiB.
        Plan small = plan(Layout.uefi(), 600 * MIB, 512);
        assertThat(small.partitions().get(0).size()).isEqualTo(597 * MIB);
        assertThat(LayoutPlanner.minimumBootPartition(Layout.uefi(), 512)).isEqualTo(352 * MIB);
        assertThatThrownBy(() -> plan(Layout.uefi(), 300 * MIB, 512)).isInstanceOf(LayoutException.class)
                .hasMessageContaining("disk disk (300 MiB) is too small for layout uefi")
                .hasMessageContaining("two boot slots of 160 MiB need a boot partition of 352 MiB");
        // EPHEMERAL keeps its minimum: the ESP gives way first, down to its own minimum.
        Plan data = plan(Layout.uefi().withData(true, true, Filesystem.XFS), 3 * GIB, 512);
        assertThat(data.partitions().get(3).size()).isGreaterThanOrEqualTo(2 * GIB);
        assertThat(data.partitions().get(0).size()).isBetween(352 * MIB, GIB);
    }

    @Test
    void fat32On4KnNeedsTwoHundredSixtyMebibytes() {
        Layout tiny = Layout.uefi().withSlotPayload(16 * MIB);
        assertThat(LayoutPlanner.minimumBootPartition(tiny, 512)).isEqualTo(64 * MIB);
        assertThat(LayoutPlanner.minimumBootPartition(tiny, 4096)).isEqualTo(260 * MIB);
        assertThat(plan(tiny, 200 * MIB, 512).partitions().get(0).size()).isEqualTo(197 * MIB);
        assertThatThrownBy(() -> plan(tiny, 200 * MIB, 4096)).hasMessageContaining("260 MiB");
    }

    @Test
    void biosLayoutHasTheLegacyBootableBiosBootPartition() {
        Plan p = plan(Layout.bios(), 4 * GIB, 512);
        assertThat(p.partitions()).extracting(PlannedPartition::label).containsExactly("EFI", "BIOS", "META");
        PlannedPartition bios = p.partitions().get(1);
        assertThat(bios.typeGuid()).isEqualTo(GptType.BIOS_BOOT);
        assertThat(bios.attributes()).isEqualTo(GptType.ATTR_LEGACY_BIOS_BOOTABLE);
        assertThat(bios.size()).isEqualTo(MIB);
        assertThat(p.pmbrBootable()).isFalse();
        assertThat(LayoutPlanner.plan(Layout.bios(), "d", 4 * GIB, 512, GuidSource.seeded("p"), EMPTY, true)
                .pmbrBootable()).isTrue();
    }

    @Test
    void rpiIsAnMbrWithAFat32BootAndALinuxMeta() {
        Plan p = plan(Layout.rpi(), 16 * GIB, 512);
        assertThat(p.table()).isEqualTo(TableKind.MBR);
        assertThat(p.diskId()).matches("[0-9a-f]{8}");
        assertThat(p.partitions()).extracting(PlannedPartition::mbrType).containsExactly(0x0c, 0x83);
        assertThat(p.partitions().get(0).bootable()).isTrue();
        assertThat(p.partitions().get(0).guid()).isNull();
    }

    @Test
    void mbrLayoutsStopAtTwoTebibytesOfFiveHundredTwelveByteSectors() {
        Plan p = plan(Layout.rpi().withData(false, true, Filesystem.EXT4), 3L << 40, 512);
        PlannedPartition last = p.partitions().get(p.partitions().size() - 1);
        assertThat(last.lastLba()).isLessThan(1L << 32);
        Plan k4 = plan(Layout.rpi().withData(false, true, Filesystem.EXT4), 3L << 40, 4096);
        assertThat(k4.partitions().get(2).offset() + k4.partitions().get(2).size()).isEqualTo(3L << 40);
    }

    @Test
    void seededPlansAreStableAndRandomOnesAreNot() {
        assertThat(plan(Layout.uefi(), 4 * GIB, 512)).isEqualTo(plan(Layout.uefi(), 4 * GIB, 512));
        Plan a = LayoutPlanner.plan(Layout.uefi(), "d", 4 * GIB, 512, GuidSource.random(), EMPTY);
        Plan b = LayoutPlanner.plan(Layout.uefi(), "d", 4 * GIB, 512, GuidSource.random(), EMPTY);
        assertThat(a.diskId()).isNotEqualTo(b.diskId());
        assertThat(a.partitions().get(0).guid()).isNotEqualTo(b.partitions().get(0).guid());
    }

    @Test
    void invalidLayoutsAreRefusedWithTheReason() {
        PartitionSpec rest = new PartitionSpec("A", new SizeSpec.Rest(MIB), GptType.LINUX_DATA, 0x83, Filesystem.XFS, 0, false);
        PartitionSpec rest2 = new PartitionSpec("B", new SizeSpec.Rest(MIB), GptType.LINUX_DATA, 0x83, Filesystem.XFS, 0, false);
        assertThatThrownBy(() -> new Layout("x", TableKind.GPT, List.of(rest, rest2), MIB))
                .hasMessageContaining("only one partition can take the rest");
        PartitionSpec longLabel = new PartitionSpec("EPHEMERAL-DATA", new SizeSpec.Fixed(MIB), GptType.LINUX_DATA, 0x83,
                Filesystem.VFAT, 0, false);
        assertThatThrownBy(() -> new Layout("x", TableKind.GPT, List.of(longLabel), MIB)).hasMessageContaining("vfat allows (11)");
        PartitionSpec odd = new PartitionSpec("C", new SizeSpec.Fixed(MIB + 1), GptType.LINUX_DATA, 0x83, Filesystem.NONE, 0, false);
        assertThatThrownBy(() -> new Layout("x", TableKind.GPT, List.of(odd), MIB)).hasMessageContaining("multiple of 1 MiB");
        assertThatThrownBy(() -> Layout.builtIn("zfs")).hasMessageContaining("unknown layout \"zfs\"");
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertThat(Sizes.parse("1GiB")).isEqualTo(GIB);
        assertThat(Sizes.parse("512M")).isEqualTo(512 * MIB);
        assertThat(Sizes.parse("20GB")).isEqualTo(20_000_000_000L);
        assertThat(Sizes.parse("1.5 GiB")).isEqualTo(GIB + GIB / 2);
        assertThat(Sizes.parse("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> Sizes.parse("99999999999P")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Sizes.parse("-1G")).hasMessageContaining("not a size");
        assertThat(Sizes.human(GIB)).isEqualTo("1 GiB");
        assertThat(Sizes.human(1536 * MIB)).isEqualTo("1.5 GiB");
    }
}
