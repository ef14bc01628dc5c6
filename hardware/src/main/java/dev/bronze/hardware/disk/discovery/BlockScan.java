package dev.bronze.hardware.disk.discovery;

import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One pass over {@code sys/class/block}, mountinfo, swaps, {@code dev/disk/by-*}, udev's database
 * and the boot loader's EFI variable, turned into {@link Disk}s. Every read goes through
 * {@link SysRoot}; nothing here needs udev, but where udev's database exists it fills in partition
 * and filesystem labels that sysfs does not have.
 */
final class BlockScan {

    /** Kubernetes nodes carry thousands of mounts; mountinfo stays far below this. */
    private static final int MOUNTINFO_MAX = 16 << 20;
    private static final int SMALL_MAX = 64 << 10;
    /** dm on dm on md on partitions: real stacks are a few levels deep; a loop in a fixture is not. */
    private static final int MAX_STACK = 16;

    static final String LOADER_DEVICE_PART_UUID =
            "sys/firmware/efi/efivars/LoaderDevicePartUUID-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";

    private static final Pattern EMMC_HW_AREA = Pattern.compile("mmcblk\\d+(boot\\d+|rpmb|gp\\d+)");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    /** A block device (disk or partition) as sysfs lists it. */
    private record Node(String name, String dir, boolean partition, String parent, String majMin,
                        Map<String, String> uevent) {}

    /** A device a mount or swap sits on, and the disk member it reaches a disk through. */
    private record Via(String disk, String member) {}

    private final SysRoot root;
    private final DeviceAttributes device;
    private final Map<String, Node> nodes = new TreeMap<>();
    private final Map<String, String> byMajMin = new HashMap<>();
    /** kind ("by-id", ...) → device name → link names. */
    private final Map<String, Map<String, List<String>>> links = new HashMap<>();
    private final Map<String, Map<String, String>> udev = new HashMap<>();
    /** Partition ids read from the disks' own tables; only read when the boot evidence needs them. */
    private final Map<String, Map<Integer, String>> tableIds = new HashMap<>();
    private boolean needTableIds;

    BlockScan(SysRoot root) {
        this.root = root;
        this.device = new DeviceAttributes(root);
    }

    List<Disk> scan(boolean includeVirtual) {
        for (String name : root.list("sys/class/block")) {
            // Entries are links into sys/devices; old kernels had directories. A link that leaves the
            // tree (a hostile fixture) is skipped rather than followed by the file system.
            boolean isLink = root.readLink("sys/class/block/" + name).isPresent();
            String dir = isLink ? SysfsPaths.follow(root, "sys/class/block", name).orElse("") : "sys/class/block/" + name;
            if (!dir.startsWith("sys/") || !root.exists(dir + "/dev") || root.text(dir + "/hidden").orElse("0").equals("1")) {
                // Hidden devices are NVMe multipath paths; their head device stands for them.
                continue;
            }
            boolean partition = root.exists(dir + "/partition");
            String parent = partition ? SysfsPaths.base(SysfsPaths.parent(dir)) : "";
            String majMin = root.text(dir + "/dev").orElse("");
            Node n = new Node(name, dir, partition, parent, majMin, keyValues(root.read(dir + "/uevent", SMALL_MAX), ""));
            nodes.put(name, n);
            if (!majMin.isEmpty()) {
                byMajMin.put(majMin, name);
            }
        }
        for (String kind : List.of("by-id", "by-path", "by-partuuid", "by-partlabel", "by-label", "by-uuid")) {
            Map<String, List<String>> m = new HashMap<>();
            for (String link : root.list("dev/disk/" + kind)) {
                root.readLink("dev/disk/" + kind + "/" + link)
                        .map(SysfsPaths::base)
                        .ifPresent(dev -> m.computeIfAbsent(dev, k -> new ArrayList<>()).add(link));
            }
            links.put(kind, m);
        }

        // Without udev, partition UUIDs are only on the disks themselves; read them (read-only, a few
        // KiB per disk) only when the boot loader's variable or root=PARTUUID= must be matched.
        needTableIds = loaderPartUuid().isPresent() || root.text("proc/cmdline").orElse("").contains("PARTUUID=");
        Map<String, List<DiskUse>> uses = new HashMap<>();
        Map<String, Set<String>> mountPoints = new HashMap<>();
        Map<String, String> mountedFsType = new HashMap<>();
        Map<String, List<String>> partMounts = new LinkedHashMap<>();
        for (MountInfo.Mount m : mounts()) {
            String dev = m.major() != 0 ? byMajMin.get(m.major() + ":" + m.minor()) : null;
            if (dev == null) {
                dev = deviceName(m.source()).orElse(null);
            }
            if (dev == null || !nodes.containsKey(dev)) {
                continue;
            }
            mountedFsType.putIfAbsent(dev, m.fsType());
            partMounts.computeIfAbsent(dev, k -> new ArrayList<>()).add(m.mountPoint());
        }
        for (Map.Entry<String, List<String>> e : partMounts.entrySet()) {
            String dev = e.getKey();
            // A Kubernetes node bind-mounts one partition thousands of times: one use per device.
            String where = summary(e.getValue());
            String verb = e.getValue().size() == 1 ? " is mounted from " : " are mounted from ";
            if (!nodes.get(dev).partition() && !root.list(nodes.get(dev).dir() + "/slaves").isEmpty()) {
                // A dm/md device shows its own mounts too, when virtual devices are listed.
                mountPoints.computeIfAbsent(dev, k -> new LinkedHashSet<>()).addAll(e.getValue());
                add(uses, dev, new DiskUse(DiskUse.Kind.MOUNTED, where + verb + dev));
            }
            for (Via via : physical(dev)) {
                mountPoints.computeIfAbsent(via.disk(), k -> new LinkedHashSet<>()).addAll(e.getValue());
                String what = describeVia(dev, via);
                add(uses, via.disk(), new DiskUse(DiskUse.Kind.MOUNTED, where + verb + what));
                if (e.getValue().contains("/")) {
                    add(uses, via.disk(), new DiskUse(DiskUse.Kind.RUNNING_SYSTEM,
                            "the running system's root filesystem is on " + what));
                }
            }
        }
        // A multi-device btrfs shows one device in mountinfo; sysfs lists all of them while it is mounted.
        for (String fsid : root.list("sys/fs/btrfs")) {
            String label = attr("sys/fs/btrfs/" + fsid + "/label");
            for (String dev : root.list("sys/fs/btrfs/" + fsid + "/devices")) {
                if (!nodes.containsKey(dev)) {
                    continue;
                }
                for (Via via : physical(dev)) {
                    add(uses, via.disk(), new DiskUse(DiskUse.Kind.MOUNTED, describeVia(dev, via)
                            + " belongs to the mounted btrfs filesystem " + (label.isEmpty() ? fsid : "\"" + label + "\" (" + fsid + ")")));
                }
            }
        }
        for (String dev : swaps()) {
            mountedFsType.putIfAbsent(dev, "swap");
            for (Via via : physical(dev)) {
                add(uses, via.disk(), new DiskUse(DiskUse.Kind.SWAP, "swap is active on " + describeVia(dev, via)));
            }
        }
        cmdlineRoot().ifPresent(r -> {
            for (Via via : physical(r.getValue())) {
                add(uses, via.disk(), new DiskUse(DiskUse.Kind.RUNNING_SYSTEM,
                        "the kernel command line's " + r.getKey() + " names " + describeVia(r.getValue(), via)));
            }
        });
        Optional<String> loader = loaderPartUuid();
        String slot = bronzeSlot();
        if (!slot.isEmpty() && loader.isEmpty()) {
            // Booted from a Bronze entry (every entry carries bronze.slot=) without systemd-boot's
            // variable, e.g. GRUB on BIOS: the disks holding a META partition hold the running system.
            for (Node n : nodes.values()) {
                if (n.partition() && "META".equals(first(n.uevent().getOrDefault("PARTNAME", ""),
                        udevUnescape(udev(n.majMin()).getOrDefault("ID_PART_ENTRY_NAME", ""))))) {
                    for (Via via : physical(n.name())) {
                        add(uses, via.disk(), new DiskUse(DiskUse.Kind.RUNNING_SYSTEM, "the running system booted slot " + slot
                                + " (bronze.slot= on the kernel command line) and " + n.name() + " is a META partition"));
                    }
                }
            }
        }
        loader.ifPresent(uuid -> {
            for (Node n : nodes.values()) {
                if (n.partition() && uuid.equalsIgnoreCase(partUuid(n))) {
                    for (Via via : physical(n.name())) {
                        add(uses, via.disk(), new DiskUse(DiskUse.Kind.BOOT_MEDIUM,
                                "the firmware booted this system from " + n.name()
                                        + " (EFI variable LoaderDevicePartUUID " + uuid + ")"));
                    }
                }
            }
        });

        List<Disk> disks = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (n.partition()) {
                continue;
            }
            Disk d = disk(n, uses, mountPoints, mountedFsType, partMounts);
            if (d.virtual() && !includeVirtual) {
                continue;
            }
            disks.add(d);
        }
        disks.sort(Comparator.comparing(Disk::name, BlockScan::natural));
        return disks;
    }

    private Disk disk(Node n, Map<String, List<DiskUse>> usesByDisk, Map<String, Set<String>> mountPoints,
                      Map<String, String> mountedFsType, Map<String, List<String>> partMounts) {
        String dir = n.dir();
        boolean nvmeHead = dir.startsWith("sys/devices/virtual/nvme-subsystem/");
        boolean virtual = dir.startsWith("sys/devices/virtual/") && !nvmeHead;
        String devDir = SysfsPaths.follow(root, dir, "device").orElse("");
        if (!devDir.isEmpty() && root.exists(devDir + "/dev") && root.exists(devDir + "/size")) {
            // eMMC boot/RPMB areas hang below the main area's disk: the card is one more level up.
            devDir = SysfsPaths.follow(root, devDir, "device").orElse(devDir);
        }
        long sectors = longAttr(dir + "/size", 0);
        long size = sectors > Long.MAX_VALUE / 512 ? 0 : sectors * 512;
        int lbs = sectorSize(longAttr(dir + "/queue/logical_block_size", 512), 512);
        int pbs = Math.max(lbs, sectorSize(longAttr(dir + "/queue/physical_block_size", lbs), lbs));
        boolean removable = attr(dir + "/removable").equals("1");
        boolean readOnly = attr(dir + "/ro").equals("1");
        String busPath = busPath(n, nvmeHead);
        Transport transport = virtual ? Transport.NONE : device.transport(n.name(), dir, devDir, nvmeHead);
        String scsiType = devDir.isEmpty() ? "" : attr(devDir + "/type");
        long capability = parseHex(attr(dir + "/capability"));
        // GENHD_FL_CD (8) in the capability flags of kernels before 5.18; SCSI peripheral type 5 is a CD/DVD.
        boolean cdrom = n.name().matches("sr\\d+") || scsiType.equals("5") || (removable && (capability & 8) != 0);
        boolean emmc = transport == Transport.MMC && scsiType.equals("MMC");
        Map<String, String> udevProps = udev(n.majMin());

        String model = devDir.isEmpty() ? "" : attr(devDir + "/model");
        if (transport == Transport.SATA || transport == Transport.ATA) {
            String full = device.ataModel(devDir);
            // Only where the SCSI model is the start of it: never swap in a model of another disk.
            if (!full.isEmpty() && full.startsWith(model)) {
                model = full;
            }
        }
        if (model.isEmpty() && transport == Transport.MMC) {
            model = attr(devDir + "/name");
        }
        if (model.isEmpty()) {
            model = udevProps.getOrDefault("ID_MODEL", "").replace('_', ' ');
        }
        String vendor = devDir.isEmpty() || transport == Transport.MMC || transport == Transport.NVME
                || transport == Transport.VIRTIO && n.name().startsWith("vd") ? "" : attr(devDir + "/vendor");
        if (vendor.equals("ATA") || vendor.startsWith("0x")) {
            vendor = "";
        }
        String serial = first(attr(dir + "/serial"), devDir.isEmpty() ? "" : attr(devDir + "/serial"),
                devDir.isEmpty() ? "" : device.vpdSerial(devDir), transport == Transport.USB ? device.usbSerial(devDir) : "",
                udevProps.getOrDefault("ID_SERIAL_SHORT", ""));
        String wwid = first(attr(dir + "/wwid"), devDir.isEmpty() ? "" : attr(devDir + "/wwid"),
                DeviceAttributes.eui(attr(dir + "/eui")), DeviceAttributes.eui(attr(dir + "/nguid")), wwnLink(n.name()),
                udevProps.getOrDefault("ID_WWN", "").startsWith("0x") ? "naa." + udevProps.get("ID_WWN").substring(2) : "");
        String modalias = device.modalias(devDir);
        if (modalias.isEmpty() && nvmeHead) {
            // The subsystem is virtual; the controllers of its paths sit on PCI.
            modalias = firstPath(dir).flatMap(p -> SysfsPaths.follow(root, p, "device")).map(device::modalias).orElse("");
        }

        List<Partition> partitions = new ArrayList<>();
        Set<String> holders = new LinkedHashSet<>(root.list(dir + "/holders"));
        for (Node p : nodes.values()) {
            if (p.partition() && p.parent().equals(n.name())) {
                partitions.add(partition(p, mountedFsType, partMounts));
                holders.addAll(root.list(p.dir() + "/holders"));
            }
        }
        partitions.sort(Comparator.comparingInt(Partition::number));

        List<DiskUse> uses = new ArrayList<>(usesByDisk.getOrDefault(n.name(), List.of()));
        for (String h : root.list(dir + "/holders")) {
            uses.add(new DiskUse(DiskUse.Kind.HELD, n.name() + " is held by " + describeHolder(h)));
        }
        for (Partition p : partitions) {
            for (String h : p.holders()) {
                uses.add(new DiskUse(DiskUse.Kind.HELD, p.name() + " is held by " + describeHolder(h)));
            }
        }

        List<String> unfit = new ArrayList<>();
        if (virtual) {
            unfit.add("a virtual device (" + virtualKind(n) + "), not a disk");
        }
        if (cdrom) {
            unfit.add("a CD/DVD drive");
        }
        if (EMMC_HW_AREA.matcher(n.name()).matches()) {
            unfit.add("an eMMC hardware boot/RPMB area, not the card's user area");
        }
        if (readOnly) {
            unfit.add("read-only");
        }
        if (size == 0) {
            unfit.add("no medium (size 0)");
        }

        List<String> diskLinks = new ArrayList<>();
        for (String kind : List.of("by-id", "by-path")) {
            for (String l : links.get(kind).getOrDefault(n.name(), List.of())) {
                diskLinks.add("/dev/disk/" + kind + "/" + l);
            }
        }
        diskLinks.sort(null);
        return new Disk(n.name(), "/dev/" + n.uevent().getOrDefault("DEVNAME", n.name()), size, lbs, pbs,
                model, vendor, serial, wwid, transport, attr(dir + "/queue/rotational").equals("1"), removable,
                readOnly, cdrom, virtual, emmc, busPath, modalias, diskLinks, partitions,
                List.copyOf(mountPoints.getOrDefault(n.name(), Set.of())), List.copyOf(holders), dedupe(uses), unfit);
    }

    private Partition partition(Node p, Map<String, String> mountedFsType, Map<String, List<String>> partMounts) {
        Map<String, String> u = udev(p.majMin());
        long start = longAttr(p.dir() + "/start", 0);
        long sectors = longAttr(p.dir() + "/size", 0);
        int number = (int) Math.min(Integer.MAX_VALUE, longAttr(p.dir() + "/partition", 0));
        String label = first(p.uevent().getOrDefault("PARTNAME", ""), udevUnescape(u.getOrDefault("ID_PART_ENTRY_NAME", "")),
                udevUnescape(firstLink("by-partlabel", p.name())));
        String fsType = first(u.getOrDefault("ID_FS_TYPE", ""), mountedFsType.getOrDefault(p.name(), ""));
        String fsLabel = first(udevUnescape(u.getOrDefault("ID_FS_LABEL", "")), udevUnescape(firstLink("by-label", p.name())));
        return new Partition(p.name(), "/dev/" + p.uevent().getOrDefault("DEVNAME", p.name()), number,
                start > Long.MAX_VALUE / 512 ? 0 : start * 512, sectors > Long.MAX_VALUE / 512 ? 0 : sectors * 512,
                label, partUuid(p), fsType, fsLabel, partMounts.getOrDefault(p.name(), List.of()),
                root.list(p.dir() + "/holders"));
    }

    private String partUuid(Node p) {
        String id = first(p.uevent().getOrDefault("PARTUUID", ""), udev(p.majMin()).getOrDefault("ID_PART_ENTRY_UUID", ""),
                firstLink("by-partuuid", p.name()));
        if (id.isEmpty() && needTableIds) {
            Node disk = nodes.get(p.parent());
            int number = (int) Math.min(Integer.MAX_VALUE, longAttr(p.dir() + "/partition", 0));
            if (disk != null) {
                id = tableIds.computeIfAbsent(disk.name(), n -> PartitionIds.read(root, n,
                        sectorSize(longAttr(disk.dir() + "/queue/logical_block_size", 512), 512))).getOrDefault(number, "");
            }
        }
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * Talos's bus path: the device's sysfs path below {@code /sys/devices} without its last two
     * components ({@code block/sda}, or {@code nvme0/nvme0n1}), so selectors written for Talos keep
     * matching.
     */
    private String busPath(Node n, boolean nvmeHead) {
        String dir = n.dir();
        if (nvmeHead) {
            // A multipath namespace head is virtual; its paths (nvme0c0n1) sit on the real controllers.
            dir = firstPath(dir).orElse("");
        }
        if (!dir.startsWith("sys/devices/") || dir.startsWith("sys/devices/virtual/")) {
            return "";
        }
        String p = dir.substring("sys/devices".length());
        return SysfsPaths.parent(SysfsPaths.parent(p));
    }

    /** The first path (nvme0c0n1) of an NVMe multipath namespace head, as a sysfs directory. */
    private Optional<String> firstPath(String headDir) {
        List<String> paths = root.list(headDir + "/multipath");
        return paths.isEmpty() ? Optional.empty() : SysfsPaths.follow(root, headDir + "/multipath", paths.get(0));
    }

    private String wwnLink(String name) {
        for (String l : links.get("by-id").getOrDefault(name, List.of())) {
            if (l.startsWith("wwn-0x") && HEX.matcher(l.substring(6)).matches()) {
                return "naa." + l.substring(6).toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    /** Every disk (and the member it is reached through) a device sits on, through dm/md stacks. */
    private List<Via> physical(String dev) {
        Map<String, Via> out = new LinkedHashMap<>();
        collect(dev, dev, 0, new HashSet<>(), out);
        return List.copyOf(out.values());
    }

    private void collect(String dev, String member, int depth, Set<String> seen, Map<String, Via> out) {
        Node n = nodes.get(dev);
        if (n == null || depth > MAX_STACK || !seen.add(dev)) {
            return;
        }
        if (n.partition()) {
            out.putIfAbsent(n.parent(), new Via(n.parent(), n.name()));
            return;
        }
        List<String> slaves = root.list(n.dir() + "/slaves");
        if (slaves.isEmpty()) {
            out.putIfAbsent(n.name(), new Via(n.name(), member.equals(dev) ? n.name() : member));
            return;
        }
        for (String s : slaves) {
            collect(s, s, depth + 1, seen, out);
        }
    }

    private String describeVia(String dev, Via via) {
        String d = dev.equals(via.member()) ? dev : describeHolder(dev) + ", built on " + via.member();
        return d;
    }

    /** {@code dm-1 (vg0-root, LVM)}, {@code md0 (raid1)}. */
    private String describeHolder(String name) {
        Node n = nodes.get(name);
        if (n == null) {
            return name;
        }
        String dmName = attr(n.dir() + "/dm/name");
        if (!dmName.isEmpty()) {
            return name + " (" + dmName + ", " + dmKind(attr(n.dir() + "/dm/uuid")) + ")";
        }
        String level = attr(n.dir() + "/md/level");
        if (!level.isEmpty()) {
            return name + " (md " + level + ")";
        }
        return name;
    }

    private static String dmKind(String uuid) {
        String u = uuid.toUpperCase(Locale.ROOT);
        if (u.startsWith("CRYPT-")) {
            return "LUKS/dm-crypt";
        }
        if (u.startsWith("LVM-")) {
            return "LVM";
        }
        if (u.startsWith("MPATH-")) {
            return "multipath";
        }
        if (u.startsWith("PART")) {
            return "partition mapping";
        }
        return "device-mapper";
    }

    private String virtualKind(Node n) {
        String name = n.name();
        if (name.startsWith("loop")) {
            return "loop";
        }
        if (name.startsWith("zram")) {
            return "zram";
        }
        if (name.startsWith("ram")) {
            return "ramdisk";
        }
        if (root.exists(n.dir() + "/dm")) {
            return "device-mapper";
        }
        if (root.exists(n.dir() + "/md")) {
            return "md RAID";
        }
        return "virtual";
    }

    private List<MountInfo.Mount> mounts() {
        if (root.read("proc/self/mountinfo", MOUNTINFO_MAX) instanceof SysRead.Content c) {
            String text = new String(c.bytes(), StandardCharsets.UTF_8);
            if (c.truncated()) {
                // Keep whole lines only: a cut line could name the wrong device.
                text = text.substring(0, Math.max(0, text.lastIndexOf('\n')));
            }
            return MountInfo.parse(text);
        }
        return List.of();
    }

    private List<String> swaps() {
        List<String> out = new ArrayList<>();
        if (root.read("proc/swaps", SMALL_MAX) instanceof SysRead.Content c) {
            String[] lines = new String(c.bytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].strip().split("\\s+");
                if (f.length >= 2 && f[1].equals("partition")) {
                    deviceName(MountInfo.unescape(f[0])).filter(nodes::containsKey).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** {@code root=} on the kernel command line, resolved to a block device name when it names one. */
    private Optional<Map.Entry<String, String>> cmdlineRoot() {
        String cmdline = root.text("proc/cmdline").orElse("");
        String value = null;
        for (String tok : cmdline.split("\\s+")) {
            if (tok.startsWith("root=")) {
                value = tok.substring(5);
            }
        }
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.replace("\"", "");
        Optional<String> dev;
        if (v.startsWith("PARTUUID=")) {
            String id = v.substring(9).toLowerCase(Locale.ROOT);
            dev = nodes.values().stream().filter(n -> n.partition() && partUuid(n).equals(id)).map(Node::name).findFirst();
        } else if (v.startsWith("UUID=")) {
            dev = linked("by-uuid", v.substring(5).toLowerCase(Locale.ROOT));
        } else if (v.startsWith("LABEL=")) {
            dev = linked("by-label", v.substring(6));
        } else if (v.startsWith("PARTLABEL=")) {
            dev = linked("by-partlabel", v.substring(10));
        } else if (v.startsWith("/dev/")) {
            dev = deviceName(v);
        } else {
            dev = Optional.empty();
        }
        String found = dev.filter(nodes::containsKey).orElse(null);
        return found == null ? Optional.empty() : Optional.of(Map.entry("root=" + v, found));
    }

    /** The value of {@code bronze.slot=} on the kernel command line, "" when absent. */
    private String bronzeSlot() {
        String slot = "";
        for (String tok : root.text("proc/cmdline").orElse("").split("\\s+")) {
            if (tok.startsWith("bronze.slot=")) {
                slot = tok.substring("bronze.slot=".length()).replace("\"", "");
            }
        }
        return slot.length() > 16 ? slot.substring(0, 16) : slot;
    }

    private Optional<String> linked(String kind, String linkName) {
        return links.get(kind).entrySet().stream()
                .filter(e -> e.getValue().contains(linkName))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** systemd-boot's record of the partition the firmware loaded it from: 4 attribute bytes, UTF-16LE. */
    private Optional<String> loaderPartUuid() {
        if (root.read(LOADER_DEVICE_PART_UUID, 256) instanceof SysRead.Content c && !c.truncated() && c.bytes().length > 4) {
            String s = new String(c.bytes(), 4, (c.bytes().length - 4) & ~1, StandardCharsets.UTF_16LE);
            int nul = s.indexOf('\0');
            s = (nul >= 0 ? s.substring(0, nul) : s).strip();
            if (s.matches("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")) {
                return Optional.of(s.toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /** The kernel name behind a {@code /dev/...} path: {@code /dev/sda1}, {@code /dev/mapper/x}, {@code /dev/disk/by-id/y}. */
    Optional<String> deviceName(String devPath) {
        if (!devPath.startsWith("/dev/") || devPath.contains("/../") || devPath.endsWith("/..")) {
            return Optional.empty();
        }
        String rel = devPath.substring(5);
        if (!rel.contains("/")) {
            return Optional.of(rel);
        }
        String at = "dev/" + rel;
        for (int i = 0; i < 8; i++) {
            Optional<String> target = root.readLink(at);
            if (target.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> next = SysfsPaths.join(SysfsPaths.parent(at), target.get());
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
            if (at.startsWith("dev/") && !at.substring(4).contains("/")) {
                return Optional.of(at.substring(4));
            }
        }
        return Optional.empty();
    }

    /** The disk a partition belongs to, when {@code name} is a partition this scan saw. */
    Optional<String> parentOf(String name) {
        Node n = nodes.get(name);
        return n != null && n.partition() ? Optional.of(n.parent()) : Optional.empty();
    }

    private Map<String, String> udev(String majMin) {
        if (majMin.isEmpty()) {
            return Map.of();
        }
        return udev.computeIfAbsent(majMin, mm -> keyValues(root.read("run/udev/data/b" + mm, SMALL_MAX), "E:"));
    }

    private static Map<String, String> keyValues(SysRead read, String prefix) {
        Map<String, String> m = new HashMap<>();
        if (read instanceof SysRead.Content c && !c.truncated()) {
            for (String line : new String(c.bytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(prefix)) {
                    int eq = line.indexOf('=');
                    if (eq > prefix.length()) {
                        m.putIfAbsent(line.substring(prefix.length(), eq), line.substring(eq + 1).strip());
                    }
                }
            }
        }
        return m;
    }

    /** udev escapes unsafe characters in names and links as {@code \xHH}. */
    static String udevUnescape(String s) {
        if (!s.contains("\\x")) {
            return s;
        }
        var out = new java.io.ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\' && i + 3 < b.length && b[i + 1] == 'x'
                    && Character.digit(b[i + 2], 16) >= 0 && Character.digit(b[i + 3], 16) >= 0) {
                out.write(Character.digit(b[i + 2], 16) * 16 + Character.digit(b[i + 3], 16));
                i += 3;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String firstLink(String kind, String dev) {
        List<String> l = links.get(kind).getOrDefault(dev, List.of());
        return l.isEmpty() ? "" : l.get(0);
    }

    private String attr(String rel) {
        return root.text(rel).orElse("");
    }

    private long longAttr(String rel, long fallback) {
        try {
            long v = Long.parseLong(attr(rel));
            return v < 0 ? fallback : v;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A sector size is a power of two from 512 bytes to 64 KiB; anything else is not believed. */
    private static int sectorSize(long v, int fallback) {
        return v >= 512 && v <= 65536 && Long.bitCount(v) == 1 ? (int) v : fallback;
    }

    private static long parseHex(String s) {
        try {
            return Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return "";
    }

    /** "/a", "/a, /b", or "/a, /b, /c and 1234 more". */
    static String summary(List<String> mountPoints) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(mountPoints));
        if (distinct.size() <= 3) {
            return String.join(", ", distinct);
        }
        return String.join(", ", distinct.subList(0, 3)) + " and " + (distinct.size() - 3) + " more";
    }

    private static void add(Map<String, List<DiskUse>> uses, String disk, DiskUse use) {
        uses.computeIfAbsent(disk, k -> new ArrayList<>()).add(use);
    }

    private static List<DiskUse> dedupe(List<DiskUse> uses) {
        return List.copyOf(new LinkedHashSet<>(uses));
    }

    /** Names with numbers in numeric order: nvme2n1 before nvme10n1, sda9 before sda10. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
