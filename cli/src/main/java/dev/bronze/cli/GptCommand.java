package dev.bronze.cli;

import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.block.LinuxBlockDevice;
import dev.bronze.hardware.disk.gpt.Gpt;
import dev.bronze.hardware.disk.gpt.GptDisk;
import dev.bronze.hardware.disk.gpt.GptInspection;
import dev.bronze.hardware.disk.gpt.GptPartition;
import dev.bronze.hardware.disk.gpt.GptType;
import dev.bronze.hardware.disk.layout.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bronze gpt}: checks both copies of a GPT and, with {@code --repair}, restores a damaged copy
 * from the good one or moves the backup to the end of a disk or image that grew. Exit 0 when the table
 * is healthy (or was repaired), 1 when it is not.
 */
@Command(name = "gpt", mixinStandardHelpOptions = true,
        description = {"Checks both copies of a GPT and, with --repair, restores what is broken.",
            "A damaged copy is rewritten from the other, a backup stranded by growth is moved to the end.",
            "Only the table areas are written, so a disk in use can be repaired."})
final class GptCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--image", paramLabel = "FILE", description = "An image file.")
        Path image;

        @Option(names = "--disk", paramLabel = "DEV", description = "A block device.")
        Path disk;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--sector-size", paramLabel = "512|4096",
            description = "Sector size of an image (default: where its header is).")
    Integer sectorSize;

    @Option(names = "--repair", description = "Rewrite what is broken.")
    boolean repair;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try (BlockDevice dev = open()) {
            GptInspection before = GptDisk.inspect(dev);
            List<String> repairs = new ArrayList<>();
            GptInspection after = before;
            if (repair && !before.healthy()) {
                GptDisk.repair(dev).forEach(r -> repairs.add(r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
                after = GptDisk.inspect(dev);
            }
            print(dev, before, after, repairs);
            return after.healthy() ? 0 : 1;
        } catch (IOException e) {
            throw new HardwareException("gpt: " + e.getMessage(), e);
        }
    }

    private BlockDevice open() throws IOException {
        if (target.disk != null) {
            return repair ? LinuxBlockDevice.openShared(target.disk) : LinuxBlockDevice.openReadOnly(target.disk);
        }
        int ss = sectorSize != null ? sectorSize : detect(target.image);
        return repair ? ImageFile.open(target.image, ss) : ImageFile.openReadOnly(target.image, ss);
    }

    private static int detect(Path img) throws IOException {
        try (ImageFile f = ImageFile.openReadOnly(img, 512)) {
            return GptDisk.detectSectorSize(f).orElse(512);
        }
    }

    private void print(BlockDevice dev, GptInspection before, GptInspection after, List<String> repairs) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("device", dev.name());
            doc.put("sectorSize", dev.logicalSectorSize());
            doc.put("healthy", after.healthy());
            doc.put("status", after.summary());
            doc.put("primary", after.primary().describe());
            doc.put("backup", after.backup().describe());
            doc.put("protectiveMbr", after.protectiveMbr());
            doc.put("backupAtEnd", after.backupAtEnd());
            doc.put("before", before.summary());
            doc.put("repairs", repairs);
            doc.put("table", after.gpt().orElse(null));
            Json.print(out, doc);
            return;
        }
        out.printf("%s (%s, %d-byte sectors): %s%n", dev.name(), Sizes.human(dev.size()), dev.logicalSectorSize(),
                after.summary());
        if (!repairs.isEmpty()) {
            out.println("was: " + before.summary());
            out.println("repaired: " + String.join(", ", repairs));
        }
        if (after.gpt().isPresent()) {
            Gpt g = after.gpt().get();
            out.printf("disk GUID %s, usable LBAs %d..%d%n", g.diskGuid(), g.firstUsableLba(), g.lastUsableLba());
            for (GptPartition p : g.partitions()) {
                out.printf("  %3d  %-12s %12d %12d  %9s  %s%s%n", p.number(), p.name(), p.firstLba(), p.lastLba(),
                        Sizes.human(p.sizeLbas() * g.sectorSize()), GptType.name(p.type()),
                        p.attributes() == 0 ? "" : String.format("  attrs 0x%x", p.attributes()));
            }
        }
        out.flush();
    }
}
