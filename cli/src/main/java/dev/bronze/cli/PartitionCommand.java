package dev.bronze.cli;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.block.LinuxBlockDevice;
import dev.bronze.hardware.disk.gpt.GptDisk;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.Filesystem;
import dev.bronze.hardware.disk.layout.Layout;
import dev.bronze.hardware.disk.layout.LayoutException;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.LayoutYaml;
import dev.bronze.hardware.disk.layout.MkfsFormatter;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.hardware.disk.layout.PlanApplier;
import dev.bronze.hardware.disk.layout.PlannedPartition;
import dev.bronze.hardware.disk.layout.Sizes;
import dev.bronze.hardware.disk.layout.TargetCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bronze partition}: plan a layout for an image or a disk, print it, and (unless --dry-run) write it. */
@Command(name = "partition", mixinStandardHelpOptions = true,
        description = {"Writes a partition table and formats the partitions of a layout.",
            "Without --force only an empty disk or image is written. --dry-run prints the plan and changes nothing."})
final class PartitionCommand implements java.util.concurrent.Callable<Integer> {

    static final class Target {
        @Option(names = "--image", paramLabel = "FILE", description = "An image file (created with --size when missing).")
        Path image;

        @Option(names = "--disk", paramLabel = "DEV", description = "A block device such as /dev/sdb.")
        Path disk;

        @Option(names = "--disk-selector", paramLabel = "EXPR",
                description = "Pick the one disk that matches, e.g. 'size>=20GB,type=nvme' (see README).")
        String diskSelector;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--size", paramLabel = "SIZE", description = "Image size (2GiB, 8G, 20GB); grows an existing image.")
    String size;

    @Option(names = "--layout", defaultValue = "uefi", paramLabel = "uefi|bios|rpi|FILE.yaml",
            description = "Layout (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--sector-size", paramLabel = "512|4096",
            description = "Logical sector size of an image (default: what its GPT says, else 512). A disk uses its own.")
    Integer sectorSize;

    @Option(names = "--seed", paramLabel = "S", description = "Derive disk, partition and filesystem ids from S (reproducible images).")
    String seed;

    @Option(names = "--state", description = "Add STATE (100 MiB).")
    boolean state;

    @Option(names = "--ephemeral", description = "Add EPHEMERAL (the rest of the disk, at least 2 GiB).")
    boolean ephemeral;

    @Option(names = "--data-fs", defaultValue = "xfs", paramLabel = "xfs|ext4",
            description = "Filesystem of STATE and EPHEMERAL (default: ${DEFAULT-VALUE}).")
    String dataFs;

    @Option(names = "--slot-payload", paramLabel = "SIZE",
            description = "Size of one boot slot's kernel+initramfs or UKI; the ESP holds two (default: 160MiB).")
    String slotPayload;

    @Option(names = "--pmbr-bootable", description = "Mark the protective MBR active, for legacy BIOSes that demand it.")
    boolean pmbrBootable;

    @Option(names = "--root", paramLabel = "DIR", hidden = true,
            description = "Read /sys and /proc below DIR (tests).")
    Path root;

    @Option(names = "--dry-run", description = "Print the plan; change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Allow wiping a disk or image that is not empty.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            return run();
        } catch (IOException e) {
            throw new HardwareException("partition: " + e.getMessage(), e);
        }
    }

    private int run() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Layout chosen = layout();
        GuidSource ids = seed == null ? GuidSource.random() : GuidSource.seeded(seed);
        SysRoot sys = root == null ? SysRoot.host() : SysRoot.of(root);
        PlanApplier applier = new PlanApplier(new MkfsFormatter(Path.of(System.getProperty("java.io.tmpdir"))), sys,
                json ? s -> { } : s -> err.println("bronze: " + s));
        Plan plan;
        PlanApplier.Result result = null;
        if (target.image != null) {
            ImageTarget t = openImage();
            if (t.device == null) {
                plan = LayoutPlanner.plan(chosen, target.image.toString(), t.size, t.sectorSize, ids, t.existing,
                        pmbrBootable);
            } else {
                try (BlockDevice dev = t.device) {
                    plan = LayoutPlanner.plan(chosen, target.image.toString(), dev.size(), dev.logicalSectorSize(), ids,
                            DiskContents.probe(dev), pmbrBootable);
                    refuseUnlessForced(plan, "image");
                    if (!dryRun) {
                        result = applier.apply(dev, plan, seed != null);
                    }
                }
            }
            if (t.device == null && !dryRun) {
                try (ImageFile dev = ImageFile.create(target.image, t.size, t.sectorSize)) {
                    result = applier.apply(dev, plan, seed != null);
                }
            }
        } else {
            Path node = resolveDisk();
            if (size != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--size applies to --image only");
            }
            if (!dryRun) {
                new TargetCheck(sys).requireWritable(node);
            }
            try (LinuxBlockDevice dev = dryRun ? LinuxBlockDevice.openReadOnly(node) : LinuxBlockDevice.open(node)) {
                if (sectorSize != null && sectorSize != dev.logicalSectorSize()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--sector-size " + sectorSize + " does not match "
                            + node + ", which has " + dev.logicalSectorSize() + "-byte sectors");
                }
                plan = LayoutPlanner.plan(chosen, node.toString(), dev.size(), dev.logicalSectorSize(), ids,
                        DiskContents.probe(dev), pmbrBootable);
                refuseUnlessForced(plan, "disk");
                if (!dryRun) {
                    result = applier.apply(dev, plan, seed != null);
                }
            }
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dryRun", dryRun);
            doc.put("applied", result != null);
            doc.put("plan", plan);
            doc.put("steps", result == null ? List.of() : result.steps());
            Json.print(out, doc);
        } else {
            printPlan(out, plan, result != null);
        }
        return ExitCode.OK.code();
    }

    /**
     * The device node to write. The disk selector ({@code --disk-selector EXPR}, from
     * {@code dev.bronze.hardware.disk.select}) plugs in here: it resolves to exactly one node or
     * refuses, and everything after this point is the same for both.
     */
    Path resolveDisk() {
        return DiskChoice.resolve(root == null ? SysRoot.host() : SysRoot.of(root), target.disk, target.diskSelector);
    }

    /** An image to write ({@code device}), or only to plan for ({@code device} null; what it holds now). */
    private record ImageTarget(ImageFile device, long size, int sectorSize, DiskContents existing) {
    }

    private ImageTarget openImage() throws IOException {
        Path img = target.image;
        Long want = size == null ? null : Sizes.parse(size);
        if (sectorSize != null && sectorSize != 512 && sectorSize != 4096) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sector-size must be 512 or 4096");
        }
        if (!Files.exists(img)) {
            if (want == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), img + " does not exist: give --size to create it");
            }
            int ss = sectorSize == null ? 512 : sectorSize;
            return new ImageTarget(null, alignDown(want, ss, img), ss, emptyDisk());
        }
        if (!Files.isRegularFile(img)) {
            throw new CommandLine.ParameterException(spec.commandLine(), img + " is not a regular file (use --disk for devices)");
        }
        int ss = sectorSize != null ? sectorSize : detectSectorSize(img);
        long current = Files.size(img);
        ImageFile dev = dryRun ? ImageFile.openReadOnly(img, ss) : ImageFile.open(img, ss);
        try {
            if (want != null) {
                long target = alignDown(want, ss, img);
                if (target < current) {
                    throw BronzeException.refused(img + " is " + Sizes.human(current) + "; --size " + size
                            + " would shrink it, which is not supported");
                }
                if (target > current && !dryRun) {
                    dev.grow(target);
                } else if (target > current) {
                    // Dry run: plan for the grown size without touching the file.
                    DiskContents now = DiskContents.probe(dev);
                    dev.close();
                    return new ImageTarget(null, target, ss, now);
                }
            } else if (current % ss != 0) {
                throw new HardwareException(img + " is " + current + " bytes, not a multiple of " + ss + "-byte sectors");
            }
            return new ImageTarget(dev, dev.size(), ss, null);
        } catch (RuntimeException | IOException e) {
            dev.close();
            throw e;
        }
    }

    private static long alignDown(long bytes, int ss, Path img) {
        long a = bytes / (1 << 20) * (1 << 20);
        if (a <= 0) {
            throw new LayoutException("image size for " + img + " must be at least 1 MiB");
        }
        return a / ss * ss;
    }

    private static int detectSectorSize(Path img) throws IOException {
        try (ImageFile f = ImageFile.openReadOnly(img, 512)) {
            return GptDisk.detectSectorSize(f).orElse(512);
        }
    }

    private static DiskContents emptyDisk() {
        return new DiskContents("none", List.of(), List.of(), false);
    }

    private void refuseUnlessForced(Plan plan, String what) {
        if (plan.destructive() && !force && !dryRun) {
            throw BronzeException.refused(what + " " + plan.target() + " is not empty (" + plan.existing().describe()
                    + "); pass --force to wipe it");
        }
    }

    private Layout layout() {
        Layout l = layout.endsWith(".yaml") || layout.endsWith(".yml") || layout.contains("/")
                ? LayoutYaml.read(Path.of(layout)) : Layout.builtIn(layout.toLowerCase(Locale.ROOT));
        Filesystem fs = Filesystem.parse(dataFs).filter(f -> f == Filesystem.XFS || f == Filesystem.EXT4)
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--data-fs must be xfs or ext4"));
        l = l.withData(state, ephemeral, fs);
        if (slotPayload != null) {
            l = l.withSlotPayload(Sizes.parse(slotPayload));
        }
        return l;
    }

    static void printPlan(PrintWriter out, Plan p, boolean applied) {
        out.printf("%s %s (%s, %d-byte sectors): layout %s, %s %s%n", applied ? "partitioned" : "plan for", p.target(),
                Sizes.human(p.sizeBytes()), p.sectorSize(), p.layout(), p.table(),
                p.table().name().equals("GPT") ? "disk GUID " + p.diskId() : "disk id 0x" + p.diskId());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "LABEL", "START", "END", "OFFSET", "SIZE", "TYPE", "FS", "FS-ID"});
        for (PlannedPartition q : p.partitions()) {
            String type = q.type() + (q.attributes() != 0 ? String.format("+attrs:0x%x", q.attributes()) : "")
                    + (q.bootable() ? "+active" : "");
            rows.add(new String[] {String.valueOf(q.number()), q.label(), String.valueOf(q.firstLba()),
                String.valueOf(q.lastLba()), String.valueOf(q.offset()), Sizes.human(q.size()), type,
                q.filesystem().id(), q.filesystemId() == null ? "-" : q.filesystemId()});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder s = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                s.append(String.format("%-" + w[i] + "s", r[i])).append(i + 1 < r.length ? "  " : "");
            }
            out.println(s.toString().stripTrailing());
        }
        out.println("now on it: " + p.existing().describe());
        out.println(applied ? "wiped and written:" : "would wipe and write:");
        p.wipes().forEach(x -> out.println("  - " + x));
        out.flush();
    }
}
