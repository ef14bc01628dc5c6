package dev.bronze.hardware.fs;

import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Filesystem labels: from udev's {@code dev/disk/by-label/} where udev made it, otherwise (early
 * boot, busybox, no udev) from the superblocks of the block devices listed in {@code sys/class/block}.
 *
 * <p>cloud-init shells out to blkid for this and misses NoCloud when blkid is not on PATH
 * (cloud-init #3182); this probe needs no tool. It reads at most a few hundred KiB per device,
 * only opens regular files and block devices (never a FIFO that would block), and a partition
 * whose own node cannot be opened is read at its offset ({@code start} × 512) in the parent disk.
 */
public final class LabelProbe {

    static final String BY_LABEL = "dev/disk/by-label";
    static final String CLASS_BLOCK = "sys/class/block";
    static final int MAX_DEVICES = 256;
    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;

    private LabelProbe() {
    }

    /**
     * Every labelled or typed filesystem. With udev's by-label directory each entry is also probed
     * for its type and UUID where the device can be read; without it every block device is probed.
     */
    public static List<Volume> scan(SysRoot root) {
        if (root.isDirectory(BY_LABEL)) {
            List<Volume> out = new ArrayList<>();
            for (Volume v : byLabel(root)) {
                // udev's name is the label; the superblock adds type and UUID when the device can be read.
                Optional<Volume> probed = v.device() == null ? Optional.empty() : probeDevice(root, v.device());
                out.add(probed.isPresent() ? new Volume(v.device(), v.label(), probed.get().fsType(), probed.get().uuid()) : v);
            }
            return out;
        }
        return probeAll(root);
    }

    /**
     * Labels only, as cheaply as possible (platform detection): udev's links without opening any
     * device when they exist, else the superblock probe.
     */
    public static List<Volume> labels(SysRoot root) {
        if (root.isDirectory(BY_LABEL)) {
            return byLabel(root);
        }
        List<Volume> out = new ArrayList<>();
        for (Volume v : probeAll(root)) {
            if (v.label() != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** The first filesystem whose label is exactly {@code label}. */
    public static Optional<Volume> find(SysRoot root, String label) {
        return scan(root).stream().filter(v -> label.equals(v.label())).findFirst();
    }

    /** The filesystem at the start of {@code bytes}, if any of the supported kinds (fuzzing, tests). */
    public static Optional<Volume> probe(byte[] bytes, String device) {
        try {
            return probe(ByteSource.of(bytes), device);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Probes a whole image or device file (tests, tools). */
    public static Optional<Volume> probe(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return probe(new ChannelSource(ch, 0, ch.size()), file.getFileName().toString());
        }
    }

    static Optional<Volume> probe(ByteSource src, String device) throws IOException {
        // Most specific first: XFS and ext have strong magics; UDF before ISO 9660 because a UDF
        // bridge disc carries both and blkid (and the kernel) call it udf; FAT has the weakest check.
        Optional<Volume> v = XfsProbe.probe(src, device);
        if (v.isEmpty()) {
            v = ExtProbe.probe(src, device);
        }
        if (v.isEmpty()) {
            v = UdfProbe.probe(src, device);
        }
        if (v.isEmpty()) {
            v = IsoProbe.probe(src, device);
        }
        if (v.isEmpty()) {
            v = FatProbe.probe(src, device);
        }
        return v;
    }

    static List<Volume> byLabel(SysRoot root) {
        List<Volume> out = new ArrayList<>();
        for (String name : root.list(BY_LABEL)) {
            if (out.size() >= MAX_DEVICES) {
                break;
            }
            String label = unescape(name);
            String target = root.readLink(BY_LABEL + "/" + name).orElse(null);
            String device = target == null ? null : baseName(target);
            if (label != null && !label.isEmpty()) {
                out.add(new Volume(device, label, null, null));
            }
        }
        return out;
    }

    static List<Volume> probeAll(SysRoot root) {
        List<Volume> out = new ArrayList<>();
        int n = 0;
        for (String name : root.list(CLASS_BLOCK)) {
            if (n++ >= MAX_DEVICES) {
                break;
            }
            Optional<Volume> v = probeDevice(root, name);
            if (v.isPresent()) {
                out.add(v.get());
            }
        }
        return out;
    }

    /** Probes {@code dev/<name>}, or the partition's range of its parent when the node is missing. */
    static Optional<Volume> probeDevice(SysRoot root, String name) {
        if (!safeName(name)) {
            return Optional.empty();
        }
        long sectors = sysLong(root, CLASS_BLOCK + "/" + name + "/size").orElse(-1L);
        if (sectors == 0) {
            return Optional.empty(); // an empty loop device, a drive without a medium
        }
        long size = sectors > 0 ? sectors * 512 : -1;
        Optional<Volume> direct = probeNode(root, name, 0, size);
        if (direct.isPresent() || !root.exists(CLASS_BLOCK + "/" + name + "/partition")) {
            return direct;
        }
        Optional<Long> start = sysLong(root, CLASS_BLOCK + "/" + name + "/start");
        Optional<String> parent = parentOf(root, name);
        if (start.isEmpty() || parent.isEmpty() || size < 0) {
            return Optional.empty();
        }
        Optional<Volume> inParent = probeNode(root, parent.get(), start.get() * 512, size);
        if (inParent.isEmpty()) {
            return inParent;
        }
        Volume v = inParent.get();
        return Optional.of(new Volume(name, v.label(), v.fsType(), v.uuid()));
    }

    private static Optional<Volume> probeNode(SysRoot root, String node, long offset, long size) {
        Path p;
        try {
            p = root.path("dev/" + node);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            int type = ((Integer) mode) & S_IFMT;
            if (type != S_IFREG && type != S_IFBLK) {
                return Optional.empty();
            }
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                long chSize = ch.size();
                long limit = size >= 0 ? size : chSize - offset;
                if (chSize > 0) {
                    limit = Math.min(limit, chSize - offset);
                }
                if (limit <= 0) {
                    return Optional.empty();
                }
                return probe(new ChannelSource(ch, offset, limit), node);
            }
        } catch (IOException | RuntimeException e) {
            // A node that vanished, has no medium, or is not ours to read is simply not a volume.
            return Optional.empty();
        }
    }

    /** The disk holding partition {@code name}: from the sysfs link, else by kernel naming rules. */
    static Optional<String> parentOf(SysRoot root, String name) {
        Optional<String> link = root.readLink(CLASS_BLOCK + "/" + name);
        if (link.isPresent()) {
            String[] parts = link.get().split("/");
            if (parts.length >= 2 && parts[parts.length - 1].equals(name) && safeName(parts[parts.length - 2])) {
                return Optional.of(parts[parts.length - 2]);
            }
        }
        // sda1 -> sda, vdb2 -> vdb, nvme0n1p1 -> nvme0n1, mmcblk0p2 -> mmcblk0
        int end = name.length();
        while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
            end--;
        }
        if (end == name.length() || end == 0) {
            return Optional.empty();
        }
        String p = name.substring(0, end);
        if (p.endsWith("p") && p.length() > 1 && Character.isDigit(p.charAt(p.length() - 2))) {
            p = p.substring(0, p.length() - 1);
        }
        return root.exists(CLASS_BLOCK + "/" + p) || root.exists("dev/" + p) ? Optional.of(p) : Optional.empty();
    }

    private static Optional<Long> sysLong(SysRoot root, String rel) {
        Optional<String> t = root.text(rel);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            long v = Long.parseLong(t.get());
            return v < 0 ? Optional.empty() : Optional.of(v);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean safeName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.length() < 128;
    }

    static String baseName(String path) {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        String b = slash >= 0 ? p.substring(slash + 1) : p;
        return safeName(b) ? b : null;
    }

    /** Undoes udev's {@code \xNN} escaping of by-label names (blkid_encode_string). */
    static String unescape(String name) {
        if (name.indexOf('\\') < 0) {
            return name;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] in = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\\' && i + 3 < in.length && in[i + 1] == 'x'
                    && Character.digit(in[i + 2], 16) >= 0 && Character.digit(in[i + 3], 16) >= 0) {
                out.write(Character.digit(in[i + 2], 16) * 16 + Character.digit(in[i + 3], 16));
                i += 3;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
