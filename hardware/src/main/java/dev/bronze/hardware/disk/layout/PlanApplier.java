package dev.bronze.hardware.disk.layout;

import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.LinuxBlockDevice;
import dev.bronze.hardware.disk.gpt.Gpt;
import dev.bronze.hardware.disk.gpt.GptDisk;
import dev.bronze.hardware.disk.gpt.GptPartition;
import dev.bronze.hardware.disk.mbr.Mbr;
import dev.bronze.hardware.disk.mbr.MbrDisk;
import dev.bronze.hardware.disk.mbr.MbrPartition;
import dev.bronze.hardware.disk.wipe.FastWipe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Executes a {@link Plan}: wipe, write the table, format or zero each partition, flush, and on a
 * real disk make the kernel see the new partitions. The order means a failure part-way leaves a
 * disk that is recognisably unfinished (no filesystem on the ESP) rather than one that half-boots.
 */
public final class PlanApplier {

    private final PartitionFormatter formatter;
    private final SysRoot sys;
    private final Consumer<String> progress;

    /**
     * @param formatter makes the filesystems
     * @param sys       where /sys is read to check which partitions the kernel lists
     * @param progress  receives one line per step (for the command's stderr)
     */
    public PlanApplier(PartitionFormatter formatter, SysRoot sys, Consumer<String> progress) {
        this.formatter = formatter;
        this.sys = sys;
        this.progress = progress;
    }

    /** What was done, step by step. */
    public record Result(List<String> steps) {
        public Result {
            steps = List.copyOf(steps);
        }
    }

    public Result apply(BlockDevice dev, Plan plan, boolean reproducible) throws IOException {
        List<String> steps = new ArrayList<>();
        if (dev.size() != plan.sizeBytes() || dev.logicalSectorSize() != plan.sectorSize()) {
            throw new LayoutException(ExitCode.REFUSED, dev.name() + " changed since it was planned (" + dev.size()
                    + " bytes, " + dev.logicalSectorSize() + "-byte sectors; the plan is for " + plan.sizeBytes()
                    + " bytes, " + plan.sectorSize() + "-byte sectors)");
        }
        List<FastWipe.Region> regions = new ArrayList<>();
        plan.existing().partitions().forEach(e -> regions.add(new FastWipe.Region(e.offset(), e.size())));
        plan.partitions().forEach(p -> regions.add(new FastWipe.Region(p.offset(), p.size())));
        step(steps, "wiping " + dev.name());
        FastWipe.wipe(dev, regions);

        if (plan.table() == TableKind.GPT) {
            step(steps, "writing GPT with " + plan.partitions().size() + " partitions");
            GptDisk.write(dev, gpt(plan));
        } else {
            step(steps, "writing MBR with " + plan.partitions().size() + " partitions");
            MbrDisk.write(dev, mbr(plan));
        }
        for (PlannedPartition p : plan.partitions()) {
            BlockDevice part = dev.slice(p.offset(), p.size());
            switch (p.filesystem()) {
                case ZERO -> {
                    step(steps, "zeroing " + p.label());
                    part.zeroRange(0, p.size());
                }
                case NONE -> {
                    // The wipe already cleared its signature areas.
                }
                default -> {
                    step(steps, "formatting " + p.label() + " as " + p.filesystem().id());
                    formatter.format(part, request(p, reproducible));
                }
            }
        }
        dev.flush();
        if (dev instanceof LinuxBlockDevice linux) {
            List<LinuxBlockDevice.KernelPartition> kp = plan.partitions().stream()
                    .map(p -> new LinuxBlockDevice.KernelPartition(p.number(), p.offset(), p.size())).toList();
            String kname = kernelName(linux.path());
            LinuxBlockDevice.Reread how = linux.rereadPartitions(kp,
                    n -> sys.exists("sys/class/block/" + kname + "/" + partitionName(kname, n)));
            step(steps, switch (how) {
                case BLKRRPART -> "the kernel re-read the partition table";
                case BLKPG -> "the kernel was told each partition (BLKPG)";
                case NOT_SUPPORTED -> "the device does not support partitions in the kernel (a loop device without"
                        + " partition scanning): reach them by offset";
            });
        }
        return new Result(steps);
    }

    private void step(List<String> steps, String s) {
        steps.add(s);
        progress.accept(s);
    }

    static String kernelName(Path node) {
        try {
            return node.toRealPath().getFileName().toString();
        } catch (IOException e) {
            return node.getFileName().toString();
        }
    }

    /** sda → sda1, nvme0n1 → nvme0n1p1, loop0 → loop0p1, mmcblk0 → mmcblk0p1. */
    public static String partitionName(String disk, int n) {
        return Character.isDigit(disk.charAt(disk.length() - 1)) ? disk + "p" + n : disk + n;
    }

    static FormatRequest request(PlannedPartition p, boolean reproducible) {
        long volumeId = 0;
        UUID uuid = null;
        if (p.filesystem() == Filesystem.VFAT) {
            volumeId = Long.parseLong(p.filesystemId().replace("-", ""), 16);
        } else if (p.filesystemId() != null) {
            uuid = UUID.fromString(p.filesystemId());
        }
        return new FormatRequest(p.filesystem(), p.label(), volumeId, uuid, p.firstLba(), reproducible);
    }

    /** The GPT a plan describes. */
    public static Gpt gpt(Plan plan) {
        long totalLbas = plan.sizeBytes() / plan.sectorSize();
        Gpt g = Gpt.empty(plan.sectorSize(), totalLbas, UUID.fromString(plan.diskId()));
        List<GptPartition> parts = plan.partitions().stream().map(p -> new GptPartition(p.number(), p.typeGuid(),
                p.guid(), p.firstLba(), p.lastLba(), p.attributes(), p.label())).toList();
        return g.withPartitions(parts).withPmbrBootable(plan.pmbrBootable());
    }

    /** The MBR a plan describes. */
    public static Mbr mbr(Plan plan) {
        List<MbrPartition> parts = plan.partitions().stream().map(p -> new MbrPartition(p.number(), p.bootable(),
                p.mbrType(), p.firstLba(), p.lastLba() - p.firstLba() + 1)).toList();
        return new Mbr(Long.parseLong(plan.diskId(), 16), parts);
    }
}
