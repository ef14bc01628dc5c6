package dev.bronze.hardware.disk.layout;

import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refusals that {@code --disk DEV} gets before anything is opened for writing: the disk or one of
 * its partitions is mounted (per {@code proc/self/mountinfo}), used as swap, held by dm/md/bcache
 * (a {@code holders/} entry), or read-only. The full policy (boot medium, running system,
 * selectors) belongs to disk discovery; this is the part that needs only the device node.
 * The kernel's own {@code O_EXCL} check in {@code LinuxBlockDevice.open} backs it up.
 */
public final class TargetCheck {

    private final SysRoot sys;

    public TargetCheck(SysRoot sys) {
        this.sys = sys;
    }

    /** Throws a refusal (exit 4) naming the reason when {@code node} must not be written. */
    public void requireWritable(Path node) {
        String name = PlanApplier.kernelName(node);
        String base = "sys/class/block/" + name;
        if (!sys.exists(base)) {
            throw new LayoutException(ExitCode.REFUSED, node + " is not a block device the kernel lists (" + base + ")");
        }
        if (sys.exists(base + "/partition")) {
            throw new LayoutException(ExitCode.REFUSED, node + " is a partition; give the whole disk");
        }
        if (sys.text(base + "/ro").map("1"::equals).orElse(false)) {
            throw new LayoutException(ExitCode.REFUSED, node + " is read-only");
        }
        List<String> devs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add(name);
        devs.add(sys.text(base + "/dev").orElse(""));
        for (String child : sys.list(base)) {
            if (child.startsWith(name) && sys.exists(base + "/" + child + "/partition")) {
                names.add(child);
                devs.add(sys.text(base + "/" + child + "/dev").orElse(""));
            }
        }
        for (int i = 0; i < names.size(); i++) {
            String dir = i == 0 ? base : base + "/" + names.get(i);
            List<String> holders = sys.list(dir + "/holders");
            if (!holders.isEmpty()) {
                throw new LayoutException(ExitCode.REFUSED, "/dev/" + names.get(i) + " is held by "
                        + String.join(", ", holders) + " (device-mapper, md or bcache): refusing to write " + node);
            }
        }
        mountOf(names, devs).ifPresent(m -> {
            throw new LayoutException(ExitCode.REFUSED, m + ": refusing to write " + node);
        });
        String swaps = sys.read("proc/swaps", 1 << 16) instanceof SysRead.Content c
                ? new String(c.bytes(), StandardCharsets.UTF_8) : "";
        for (String line : swaps.split("\n")) {
            String dev = line.split("\\s+")[0];
            for (String n : names) {
                if (dev.equals("/dev/" + n)) {
                    throw new LayoutException(ExitCode.REFUSED, dev + " is in use as swap: refusing to write " + node);
                }
            }
        }
    }

    /**
     * The narrow rule for a disk whose other partitions stay in use — a running node's system disk,
     * with its root and STATE mounted: refuses (exit 4) when the disk is read-only or when a
     * partition overlapping bytes {@code offset..offset+length} of it, the {@code what} that Bronze
     * writes raw (META, the BIOS boot partition), is mounted, swap or held. Never a substitute for
     * {@link #requireWritable} on installs.
     */
    public void requireRegionUnused(Path node, String what, long offset, long length) {
        String name = PlanApplier.kernelName(node);
        String base = "sys/class/block/" + name;
        if (!sys.exists(base)) {
            throw new LayoutException(ExitCode.REFUSED, node + " is not a block device the kernel lists (" + base + ")");
        }
        if (sys.text(base + "/ro").map("1"::equals).orElse(false)) {
            throw new LayoutException(ExitCode.REFUSED, node + " is read-only");
        }
        new dev.bronze.hardware.disk.discovery.RegionUse(sys).conflict(name, offset, length).ifPresent(m -> {
            throw new LayoutException(ExitCode.REFUSED, m + ": refusing to write " + what + " on " + node);
        });
    }

    private Optional<String> mountOf(List<String> names, List<String> devs) {
        String info = sys.read("proc/self/mountinfo", 1 << 22) instanceof SysRead.Content c
                ? new String(c.bytes(), StandardCharsets.UTF_8) : "";
        for (String line : info.split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 10) {
                continue;
            }
            int dash = line.indexOf(" - ");
            String source = dash < 0 ? "" : line.substring(dash + 3).split(" ").length > 1
                    ? line.substring(dash + 3).split(" ")[1] : "";
            for (int i = 0; i < names.size(); i++) {
                if ((!devs.get(i).isEmpty() && f[2].equals(devs.get(i))) || source.equals("/dev/" + names.get(i))) {
                    return Optional.of("/dev/" + names.get(i) + " is mounted on " + unescape(f[4]));
                }
            }
        }
        return Optional.empty();
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
