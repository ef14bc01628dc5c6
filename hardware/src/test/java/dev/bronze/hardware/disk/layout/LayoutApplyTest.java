package dev.bronze.hardware.disk.layout;

import static dev.bronze.testing.DiskPeers.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.testing.DiskPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every built-in layout written to image files, checked by sgdisk, sfdisk, blkid, mtools and fsck.fat. */
class LayoutApplyTest {

    @TempDir
    Path dir;

    Plan build(Path img, Layout layout, long size, int ss, String seed) throws IOException {
        try (ImageFile f = ImageFile.create(img, size, ss)) {
            Plan plan = LayoutPlanner.plan(layout, img.toString(), size, ss, GuidSource.seeded(seed), DiskContents.probe(f));
            new PlanApplier(new MkfsFormatter(dir), SysRoot.host(), s -> { }).apply(f, plan, true);
            return plan;
        }
    }

    static Map<String, String> blkid(Path img, PlannedPartition p) {
        String out = run("blkid", "-p", "-o", "export", "-O", String.valueOf(p.offset()), "-S",
                String.valueOf(p.size()), img.toString()).out();
        Map<String, String> m = new HashMap<>();
        for (String l : DiskPeers.lines(out)) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                m.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return m;
    }

    /** What sfdisk --json says, checked field by field against the plan. */
    static void assertSfdiskShowsExactly(String json, Plan plan) throws IOException {
        JsonNode t = new ObjectMapper().readTree(json).get("partitiontable");
        assertThat(t.get("sectorsize").asInt()).isEqualTo(plan.sectorSize());
        JsonNode parts = t.get("partitions");
        assertThat(parts).hasSize(plan.partitions().size());
        for (int i = 0; i < parts.size(); i++) {
            PlannedPartition p = plan.partitions().get(i);
            JsonNode j = parts.get(i);
            assertThat(j.get("node").asText()).endsWith(String.valueOf(p.number()));
            assertThat(j.get("start").asLong()).isEqualTo(p.firstLba());
            assertThat(j.get("size").asLong()).isEqualTo(p.lastLba() - p.firstLba() + 1);
            assertThat(j.get("size").asLong() * plan.sectorSize()).isEqualTo(p.size());
            if (plan.table() == TableKind.GPT) {
                assertThat(t.get("label").asText()).isEqualTo("gpt");
                assertThat(t.get("id").asText()).isEqualToIgnoringCase(plan.diskId());
                assertThat(j.get("type").asText()).isEqualToIgnoringCase(p.typeGuid().toString());
                assertThat(j.get("uuid").asText()).isEqualToIgnoringCase(p.guid().toString());
                assertThat(j.get("name").asText()).isEqualTo(p.label());
                if (p.attributes() != 0) {
                    assertThat(j.get("attrs").asText()).isEqualTo("LegacyBIOSBootable");
                } else {
                    assertThat(j.has("attrs")).isFalse();
                }
            } else {
                assertThat(t.get("label").asText()).isEqualTo("dos");
                assertThat(t.get("id").asText()).isEqualTo("0x" + plan.diskId());
                assertThat(Integer.parseInt(j.get("type").asText(), 16)).isEqualTo(p.mbrType());
                assertThat(j.has("bootable") && j.get("bootable").asBoolean()).isEqualTo(p.bootable());
            }
        }
    }

    private void assertFilesystems(Path img, Plan plan) {
        for (PlannedPartition p : plan.partitions()) {
            Map<String, String> b = blkid(img, p);
            switch (p.filesystem()) {
                case VFAT -> {
                    assertThat(b).containsEntry("TYPE", "vfat").containsEntry("VERSION", "FAT32")
                            .containsEntry("LABEL", p.label()).containsEntry("UUID", p.filesystemId());
                }
                case XFS, EXT4 -> assertThat(b).containsEntry("TYPE", p.filesystem().id())
                        .containsEntry("LABEL", p.label()).containsEntry("UUID", p.filesystemId());
                default -> assertThat(b).as("blkid on %s", p.label()).doesNotContainKey("TYPE");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"uefi", "bios", "rpi"})
    void layoutsOn512ByteImagesPassEveryPeer(String name) throws IOException {
        Path img = dir.resolve(name + ".img");
        Plan plan = build(img, Layout.builtIn(name), 2L << 30, 512, "peer");
        if (plan.table() == TableKind.GPT) {
            DiskPeers.assertSgdiskClean(img, 512);
        }
        assertSfdiskShowsExactly(run("sfdisk", "--json", img.toString()).ok().out(), plan);
        assertFilesystems(img, plan);
        PlannedPartition esp = plan.partitions().get(0);
        assertThat(esp.size()).isEqualTo(1L << 30);
        // mtools reads the FAT in place; fsck.fat checks a copy of the partition.
        run("mmd", "-i", img + "@@" + esp.offset(), "::EFI").ok();
        assertThat(run("mdir", "-i", img + "@@" + esp.offset(), "::").ok().out()).contains("EFI");
        Path part = dir.resolve("esp.img");
        try (ImageFile f = ImageFile.openReadOnly(img, 512); ImageFile out = ImageFile.create(part, esp.size(), 512)) {
            for (long[] r : List.of(new long[] {0, 8L << 20}, new long[] {esp.size() - (1 << 20), esp.size()})) {
                out.write(r[0], f.read(esp.offset() + r[0], (int) (r[1] - r[0])));
            }
        }
        DiskPeers.Result fsck = run("fsck.fat", "-n", part.toString());
        assertThat(fsck.code()).as(fsck.out() + fsck.err()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"uefi", "bios", "rpi"})
    @Tag("root")
    void layoutsOn4KnImagesPassEveryPeerThroughA4KnLoopDevice(String name) throws IOException {
        Path img = dir.resolve(name + "4k.img");
        Plan plan = build(img, Layout.builtIn(name), 2L << 30, 4096, "peer4k");
        assertThat(plan.partitions().get(0).firstLba()).isEqualTo(256);
        if (plan.table() == TableKind.GPT) {
            DiskPeers.assertSgdiskClean(img, 4096);
        }
        String json = DiskPeers.onLoop(img, 4096, dev -> run("sfdisk", "--json", dev).ok().out());
        assertSfdiskShowsExactly(json, plan);
        assertFilesystems(img, plan);
        PlannedPartition esp = plan.partitions().get(0);
        String dev = run("losetup", "-f", "--show", "-b", "4096", "-o", String.valueOf(esp.offset()), "--sizelimit",
                String.valueOf(esp.size()), img.toString()).ok().out().strip();
        try {
            DiskPeers.Result fsck = run("fsck.fat", "-n", dev);
            assertThat(fsck.code()).as(fsck.out() + fsck.err()).isZero();
            assertThat(run("blkid", "-p", "-o", "value", "-s", "TYPE", dev).out().strip()).isEqualTo("vfat");
            assertThat(run("blockdev", "--getss", dev).out().strip()).isEqualTo("4096");
        } finally {
            run("losetup", "-d", dev);
        }
    }

    @ParameterizedTest
    @CsvSource({"uefi", "bios", "rpi"})
    void seededBuildsAreByteIdentical(String name) throws IOException {
        Path a = dir.resolve("a.img");
        Path b = dir.resolve("b.img");
        build(a, Layout.builtIn(name), 1L << 30, 512, "same-seed");
        build(b, Layout.builtIn(name), 1L << 30, 512, "same-seed");
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        Path c = dir.resolve("c.img");
        build(c, Layout.builtIn(name), 1L << 30, 512, "other-seed");
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1L);
    }

    @ParameterizedTest
    @CsvSource({"uefi,xfs,512", "bios,ext4,512", "rpi,xfs,512", "uefi,ext4,4096"})
    void stateAndEphemeralAreFormattedAndSeenByBlkid(String name, String fs, int ss) throws IOException {
        Path img = dir.resolve("data.img");
        Layout layout = Layout.builtIn(name).withData(true, true, Filesystem.parse(fs).orElseThrow());
        Plan plan = build(img, layout, 4L << 30, ss, "data");
        assertThat(plan.partitions()).extracting(PlannedPartition::label).endsWith("STATE", "EPHEMERAL");
        PlannedPartition eph = plan.partitions().get(plan.partitions().size() - 1);
        if (plan.table() == TableKind.GPT) {
            assertThat(eph.offset() + eph.size()).isLessThanOrEqualTo((4L << 30) - (1 << 20));
        } else {
            assertThat(eph.offset() + eph.size()).isEqualTo(4L << 30);
        }
        assertFilesystems(img, plan);
        if (ss == 512) {
            assertSfdiskShowsExactly(run("sfdisk", "--json", img.toString()).ok().out(), plan);
        }
    }

    @Test
    void repartitioningWipesTheOldSignaturesAndSaysWhatItDestroys() throws IOException {
        Path img = dir.resolve("re.img");
        build(img, Layout.uefi().withData(true, true, Filesystem.XFS), 4L << 30, 512, "old");
        try (ImageFile f = ImageFile.open(img, 512)) {
            DiskContents now = DiskContents.probe(f);
            assertThat(now.empty()).isFalse();
            assertThat(now.describe()).isEqualTo("GPT with 4 partitions: EFI (vfat), META, STATE (xfs), EPHEMERAL (xfs)");
            Plan plan = LayoutPlanner.plan(Layout.bios(), img.toString(), f.size(), 512, GuidSource.seeded("new"), now);
            assertThat(plan.destructive()).isTrue();
            assertThat(plan.wipes()).anyMatch(w -> w.contains("existing partition 3 STATE (xfs)"));
            new PlanApplier(new MkfsFormatter(dir), SysRoot.host(), s -> { }).apply(f, plan, true);
        }
        // Nothing of the old STATE/EPHEMERAL is left for blkid to find where they were.
        List<String> types = new ArrayList<>();
        for (long off : new long[] {(1L << 30) + (2L << 20), (1L << 30) + (102L << 20)}) {
            types.add(run("blkid", "-p", "-o", "value", "-s", "TYPE", "-O", String.valueOf(off), img.toString()).out().strip());
        }
        assertThat(types).containsOnly("");
        DiskPeers.assertSgdiskClean(img, 512);
    }
}
