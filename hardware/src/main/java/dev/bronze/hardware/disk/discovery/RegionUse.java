package dev.bronze.hardware.disk.discovery;

import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.HostRegion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a byte range of a block device is in use: a partition that overlaps it (or the device
 * itself, or the whole disk it is a partition of) is mounted, used as swap or held by dm/md.
 *
 * <p>This is the narrow rule for writes on a disk whose other partitions stay in use — the system
 * disk of a running node, where the root and STATE file systems are mounted but META, the BIOS boot
 * partition or an unmounted ESP may still be written raw. Whole-disk installs keep the wide rule of
 * {@code TargetCheck.requireWritable}.
 */
public final class RegionUse {

    private static final int MOUNTINFO_MAX = 16 << 20;

    /** A kernel block device: its name, {@code major:minor}, and its bytes on its disk. */
    private record Node(String name, String majMin, long start, long length, String dir) {}

    private final SysRoot sys;

    public RegionUse(SysRoot sys) {
        this.sys = sys;
    }

    /** Why {@code region} must not be written, or empty when nothing overlapping it is in use. */
    public Optional<String> conflict(HostRegion region) {
        String node = region.node().toString();
        Optional<String> name = nameOf(region.majMin());
        if (name.isEmpty()) {
            // Not in this root's sysfs: the device's own major:minor is all there is to check.
            return mountOf(List.of(new Node(region.node().getFileName().toString(), region.majMin(), 0, Long.MAX_VALUE, "")))
                    .map(m -> m + " (" + node + ")");
        }
        return conflict(name.get(), region.offset(), region.length());
    }

    /**
     * Why bytes {@code offset..offset+length} of {@code name} (a whole disk such as {@code vda} or a
     * partition such as {@code nvme0n1p2}) must not be written, or empty.
     */
    public Optional<String> conflict(String name, long offset, long length) {
        String dir = dirOf(name).orElse(null);
        if (dir == null) {
            return Optional.empty();
        }
        String disk = name;
        String diskDir = dir;
        long start = offset;
        if (sys.exists(dir + "/partition")) {
            diskDir = parentDir(dir);
            disk = base(diskDir);
            start += 512L * longAttr(dir + "/start");
        }
        long end = length > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + length;
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node(disk, sys.text(diskDir + "/dev").orElse(""), 0, Long.MAX_VALUE, diskDir));
        for (String child : sys.list(diskDir)) {
            String c = diskDir + "/" + child;
            if (sys.exists(c + "/partition")) {
                long s = 512L * longAttr(c + "/start");
                long l = 512L * longAttr(c + "/size");
                if (s < end && start < s + l) {
                    nodes.add(new Node(child, sys.text(c + "/dev").orElse(""), s, l, c));
                }
            }
        }
        for (Node n : nodes) {
            List<String> holders = sys.list(n.dir() + "/holders");
            if (!holders.isEmpty()) {
                return Optional.of("/dev/" + n.name() + " is held by " + String.join(", ", holders) + " (device-mapper, md or bcache)");
            }
        }
        Optional<String> m = mountOf(nodes);
        if (m.isPresent()) {
            return m;
        }
        String swaps = sys.read("proc/swaps", 1 << 16) instanceof SysRead.Content c
                ? new String(c.bytes(), StandardCharsets.UTF_8) : "";
        for (String line : swaps.split("\n")) {
            String dev = line.strip().split("\\s+")[0];
            for (Node n : nodes) {
                if (dev.equals("/dev/" + n.name())) {
                    return Optional.of(dev + " is in use as swap");
                }
            }
        }
        return Optional.empty();
    }

    /** The kernel name of {@code major:minor}: sysfs's {@code dev/block} link, else a scan of {@code class/block}. */
    public Optional<String> nameOf(String majMin) {
        Optional<String> link = sys.readLink("sys/dev/block/" + majMin).map(RegionUse::base);
        if (link.isPresent() && dirOf(link.get()).isPresent()) {
            return link;
        }
        for (String d : sys.list("sys/class/block")) {
            if (sys.text("sys/class/block/" + d + "/dev").map(majMin::equals).orElse(false)) {
                return Optional.of(d);
            }
            for (String child : sys.list("sys/class/block/" + d)) {
                if (sys.exists("sys/class/block/" + d + "/" + child + "/partition")
                        && sys.text("sys/class/block/" + d + "/" + child + "/dev").map(majMin::equals).orElse(false)) {
                    return Optional.of(child);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The root-relative sysfs directory of a disk or partition. {@code class/block} entries are links
     * into {@code devices} (a partition's directory sits inside its disk's); fixture trees may nest
     * partitions directly under the disk's {@code class/block} directory instead.
     */
    private Optional<String> dirOf(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals("..")) {
            return Optional.empty();
        }
        Optional<String> followed = SysfsPaths.follow(sys, "sys/class/block", name);
        if (followed.isPresent() && followed.get().startsWith("sys/") && sys.exists(followed.get() + "/dev")) {
            return followed;
        }
        if (sys.exists("sys/class/block/" + name + "/dev") && !sys.exists("sys/class/block/" + name + "/partition")) {
            return Optional.of("sys/class/block/" + name);
        }
        for (String d : sys.list("sys/class/block")) {
            if (sys.exists("sys/class/block/" + d + "/" + name + "/partition")) {
                return Optional.of("sys/class/block/" + d + "/" + name);
            }
        }
        return sys.exists("sys/class/block/" + name + "/dev") ? Optional.of("sys/class/block/" + name) : Optional.empty();
    }

    private Optional<String> mountOf(List<Node> nodes) {
        String text = sys.read("proc/self/mountinfo", MOUNTINFO_MAX) instanceof SysRead.Content c
                ? new String(c.bytes(), StandardCharsets.UTF_8) : "";
        for (MountInfo.Mount m : MountInfo.parse(text)) {
            for (Node n : nodes) {
                boolean same = (m.major() != 0 && (m.major() + ":" + m.minor()).equals(n.majMin()))
                        || m.source().equals("/dev/" + n.name());
                if (same) {
                    return Optional.of("/dev/" + n.name() + " is mounted on " + m.mountPoint());
                }
            }
        }
        return Optional.empty();
    }

    private long longAttr(String rel) {
        try {
            // Sectors of 512 bytes; clamp so that a hostile value cannot overflow the byte offsets.
            return Math.min(Long.MAX_VALUE / 1024, Math.max(0, Long.parseLong(sys.text(rel).orElse("0"))));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String base(String path) {
        return SysfsPaths.base(path);
    }

    private static String parentDir(String path) {
        return SysfsPaths.parent(path);
    }
}
