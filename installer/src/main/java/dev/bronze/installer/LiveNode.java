package dev.bronze.installer;

import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.efi.EfiVariables;
import dev.bronze.bootloader.esp.DirectoryEsp;
import dev.bronze.bootloader.meta.MetaStore;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.block.LinuxBlockDevice;
import dev.bronze.hardware.disk.discovery.Disk;
import dev.bronze.hardware.disk.discovery.Disks;
import dev.bronze.hardware.disk.discovery.Partition;
import dev.bronze.hardware.disk.layout.TargetCheck;
import dev.bronze.hardware.linux.Mounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The A/B operations on the running node itself, without {@code --image} or {@code --disk}: finds
 * the system disk, works on its ESP through the mounted file system (the kernel owns a mounted FAT;
 * writing it behind the kernel's back would corrupt it) and on META raw, and resolves the booted
 * slot.
 *
 * <p>The system disk is the one holding the partition the firmware loaded the boot entry from
 * (systemd-boot's {@code LoaderDevicePartUUID}); without that variable (GRUB, BIOS, the Raspberry
 * Pi) the one disk holding Bronze's partitions ({@code META} of exactly 1 MiB), narrowed to the disk
 * of the running system when several do; else the disk of the root file system or {@code root=}.
 *
 * <p>The ESP: an existing read-write mount of it is used as it is; a read-only one is refused for
 * writes (exit 4) rather than remounted under its owner; otherwise it is mounted in a fresh
 * directory under {@code /run/bronze/} (mode 0700) with nosuid, nodev, noexec and dirsync, on a
 * private bind of that directory so the mount never propagates into other mount namespaces
 * (container runtimes hold slave copies of the host's mounts), and unmounted when the session closes.
 */
public final class LiveNode {

    /** What the session may do: {@code status} and {@code meta get} only read. */
    public enum Access {
        READ_ONLY, READ_WRITE
    }

    /** The disk found, and a sentence saying why it is the one. */
    public record SystemDisk(Disk disk, String reason) {
    }

    /** The ESP's partition as the kernel knows it. */
    public record EspPartition(String name, String majMin, Path node) {
    }

    private LiveNode() {
    }

    /** The running node's system disk, opened for every A/B operation (the contract's entry point). */
    public static Installer.Session open(SysRoot sys, Installer installer) throws IOException {
        return open(sys, installer, Access.READ_WRITE);
    }

    /** As {@link #open(SysRoot, Installer)}; on a fixture tree a fake stands in for mount(2). */
    public static Installer.Session open(SysRoot sys, Installer installer, Access access) throws IOException {
        return open(sys, installer, access, sys.isHost() ? Mounter.libc() : new FixtureMounter(sys));
    }

    /** With the mount(2) layer given (tests inject a fake). */
    public static Installer.Session open(SysRoot sys, Installer installer, Access access, Mounter mounter)
            throws IOException {
        boolean writable = access == Access.READ_WRITE;
        Optional<String> loaderEsp = loaderDevicePartUuid(sys);
        SystemDisk found = find(sys);
        Disk disk = found.disk();
        Path node = sys.path(disk.devicePath());
        BlockDevice dev = openDevice(sys, node, disk, writable);
        EspMount mount = null;
        try {
            BootDisk bd = BootDisk.open(dev);
            if (loaderEsp.isPresent() && bd.partitions().bootGuid().isPresent()
                    && !bd.partitions().bootGuid().get().toString().equalsIgnoreCase(loaderEsp.get())) {
                throw new InstallerException("the firmware booted from partition " + loaderEsp.get() + " of "
                        + disk.devicePath() + ", but its first EFI system partition is " + bd.partitions().bootGuid().get()
                        + ": not a disk Bronze laid out");
            }
            if (bd.partitions().meta().isEmpty()) {
                // Never mount (let alone write) the ESP of a disk that is not Bronze's: every layout
                // Bronze installs has META.
                throw new InstallerException(disk.devicePath() + " (" + found.reason() + ") has no 1 MiB META partition:"
                        + " not a disk Bronze installed");
            }
            if (writable) {
                TargetCheck check = new TargetCheck(sys);
                Optional<BootDisk.Region> meta = bd.partitions().meta();
                if (meta.isPresent()) {
                    check.requireRegionUnused(node, "the META partition", meta.get().offset(), meta.get().length());
                }
                Optional<BootDisk.Region> bios = bd.partitions().bios();
                if (bios.isPresent()) {
                    check.requireRegionUnused(node, "the BIOS boot partition", bios.get().offset(), bios.get().length());
                }
            }
            EspPartition esp = espPartition(sys, disk, bd.partitions().boot());
            mount = EspMount.acquire(sys, mounter, esp, disk.devicePath(), writable);
            Optional<Slot> booted = BootedSlot.of(sys, bd);
            // For writes, the running firmware's own db and dbx, unless the caller gave a policy (also
            // the way past a firmware whose db cannot be read); reading status needs neither.
            Installer live = installer.secureBoot().isPresent() || !writable ? installer
                    : installer.withSecureBoot(SecureBootPolicy.ofFirmware(sys));
            return live.open(bd, new DirectoryEsp(mount.dir()), booted, mount);
        } catch (IOException | RuntimeException e) {
            if (mount != null) {
                try {
                    mount.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            dev.close();
            throw e;
        }
    }

    /** The running node's system disk; exit 1 with what was looked at when there is none. */
    public static SystemDisk find(SysRoot sys) {
        List<Disk> disks = Disks.discover(sys);
        Optional<String> loader = loaderDevicePartUuid(sys);
        if (loader.isPresent()) {
            for (Disk d : disks) {
                for (Partition p : d.partitions()) {
                    if (loader.get().equalsIgnoreCase(p.partUuid())) {
                        return new SystemDisk(d, "the firmware booted from " + p.name() + " (EFI LoaderDevicePartUUID "
                                + loader.get() + ")");
                    }
                }
            }
            throw new InstallerException("no system disk found: the firmware's LoaderDevicePartUUID " + loader.get()
                    + " names no partition of " + names(disks));
        }
        List<Disk> bronze = disks.stream().filter(LiveNode::hasBronzeLayout).toList();
        if (bronze.size() == 1) {
            return new SystemDisk(bronze.get(0), "the only disk with Bronze's partitions (META of 1 MiB)");
        }
        if (bronze.size() > 1) {
            List<Disk> running = bronze.stream().filter(d -> d.uses().stream()
                    .anyMatch(u -> u.kind() == dev.bronze.hardware.disk.discovery.DiskUse.Kind.RUNNING_SYSTEM
                            || u.kind() == dev.bronze.hardware.disk.discovery.DiskUse.Kind.BOOT_MEDIUM)).toList();
            if (running.size() == 1) {
                return new SystemDisk(running.get(0), "the disk with Bronze's partitions that holds the running system");
            }
            throw new InstallerException(ExitCode.REFUSED, "no system disk found: " + names(bronze)
                    + " all hold Bronze's partitions and nothing tells which one booted (no EFI LoaderDevicePartUUID);"
                    + " give --disk DEV");
        }
        Optional<Disk> sysDisk = Disks.systemDisk(sys);
        if (sysDisk.isPresent()) {
            return new SystemDisk(sysDisk.get(), "the disk of the running system (" + sysDisk.get().uses().get(0) + ")");
        }
        throw new InstallerException("no system disk found: no EFI LoaderDevicePartUUID, no disk with a 1 MiB META"
                + " partition, and the root file system is on no disk (disks: " + names(disks) + ")");
    }

    private static boolean hasBronzeLayout(Disk d) {
        return d.partitions().stream().anyMatch(p -> p.label().equals("META") && p.sizeBytes() == MetaStore.PARTITION_SIZE);
    }

    private static String names(List<Disk> disks) {
        return disks.isEmpty() ? "no disk" : disks.stream().map(Disk::devicePath).collect(Collectors.joining(", "));
    }

    static Optional<String> loaderDevicePartUuid(SysRoot sys) {
        return new EfiVariables(sys, EfiVariables.ImmutableFlag.NONE).readString("LoaderDevicePartUUID")
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> s.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }

    /**
     * The system disk, opened without {@code O_EXCL} (its root is mounted, so the kernel would refuse
     * exclusive access) but {@code flock}ed: two Bronze processes never change one node at once. On
     * a fixture tree an image file stands in for the device node.
     */
    private static BlockDevice openDevice(SysRoot sys, Path node, Disk disk, boolean writable) throws IOException {
        if (!Files.exists(node)) {
            throw new InstallerException("the system disk " + disk.devicePath() + " has no device node " + node
                    + " (is devtmpfs mounted on /dev?)");
        }
        if (!sys.isHost() && Files.isRegularFile(node)) {
            int ss = disk.logicalSectorSize();
            return writable ? ImageFile.open(node, ss) : ImageFile.openReadOnly(node, ss);
        }
        return writable ? LinuxBlockDevice.openShared(node, sys) : LinuxBlockDevice.openReadOnly(node);
    }

    /**
     * The kernel's node for the ESP: the partition of {@code disk} in sysfs whose {@code start} and
     * {@code size} (always 512-byte units) are the ESP's in the partition table — whatever the
     * naming scheme ({@code vda1}, {@code nvme0n1p1}, {@code mmcblk0p1}).
     */
    public static EspPartition espPartition(SysRoot sys, Disk disk, BootDisk.Region esp) {
        long start = esp.offset() / 512;
        long size = esp.length() / 512;
        String dir = diskDir(sys, disk.name());
        for (String child : sys.list(dir)) {
            String c = dir + "/" + child;
            if (!sys.exists(c + "/partition")) {
                continue;
            }
            if (sys.text(c + "/start").equals(Optional.of(Long.toString(start)))
                    && sys.text(c + "/size").equals(Optional.of(Long.toString(size)))) {
                String majMin = sys.text(c + "/dev").orElseThrow(() -> new InstallerException(
                        "the kernel gives no device number for " + child + " (" + c + "/dev)"));
                String name = devName(sys, c).orElse(child);
                return new EspPartition(name, majMin, sys.path("dev/" + name));
            }
        }
        throw new InstallerException("the kernel lists no partition of " + disk.devicePath() + " at sector " + start
                + " (" + size + " sectors), where its partition table has the ESP: the table changed since boot?"
                + " (partprobe or a reboot makes the kernel read it)");
    }

    private static String diskDir(SysRoot sys, String name) {
        Optional<String> link = sys.readLink("sys/class/block/" + name);
        if (link.isPresent()) {
            String target = link.get();
            // Relative links into ../../devices/...; resolved as text so fixture trees behave as /sys.
            java.util.Deque<String> parts = new java.util.ArrayDeque<>(List.of("sys", "class", "block"));
            if (target.startsWith("/")) {
                parts.clear();
            }
            for (String p : target.split("/")) {
                if (p.isEmpty() || p.equals(".")) {
                    continue;
                }
                if (p.equals("..")) {
                    if (parts.isEmpty()) {
                        return "sys/class/block/" + name;
                    }
                    parts.removeLast();
                } else {
                    parts.addLast(p);
                }
            }
            String resolved = String.join("/", parts);
            if (resolved.startsWith("sys/") && sys.exists(resolved + "/dev")) {
                return resolved;
            }
        }
        return "sys/class/block/" + name;
    }

    private static Optional<String> devName(SysRoot sys, String dir) {
        for (String line : sys.text(dir + "/uevent").orElse("").split("\n")) {
            if (line.startsWith("DEVNAME=")) {
                String v = line.substring(8).strip();
                if (!v.isEmpty() && !v.contains("..") && !v.startsWith("/")) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    /** Refusals are exit 4; everything else about a live node is a plain failure. */
    static BronzeException refused(String message) {
        return new InstallerException(ExitCode.REFUSED, message);
    }
}
