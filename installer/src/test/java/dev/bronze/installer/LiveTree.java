package dev.bronze.installer;

import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.efi.EfiVariables;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.hardware.disk.layout.PlannedPartition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A running node as a fixture tree: sysfs laid out as the kernel does (class/block links into
 * devices/, partitions inside their disk's directory, uevent with PARTNAME and DEVNAME), mountinfo,
 * cmdline and efivars, and {@code dev/DISK} an image that Bronze installed.
 */
final class LiveTree {

    static final long SIZE = 256L << 20;

    final Path root;
    final SysRoot sys;
    final List<String> mountinfo = new ArrayList<>(List.of(
            "1 0 0:2 / / rw - rootfs rootfs rw",
            "22 1 0:20 / /proc rw,relatime - proc proc rw",
            "23 1 0:21 / /sys rw,relatime - sysfs sysfs rw"));
    private int nextMajor = 254;

    LiveTree(Path root) throws IOException {
        this.root = Files.createDirectories(root);
        this.sys = SysRoot.of(root);
        cmdline("console=ttyS0");
        writeMountinfo();
    }

    Installer installer() {
        return new Installer(BootTools.debian("x64", root.getParent().resolve("work")), Clock.systemUTC(), sys, s -> { });
    }

    static BootPayload payload(Path dir, String v) throws IOException {
        Path d = Files.createDirectories(dir.resolve("payload-" + v));
        return new BootPayload.Kernel(Files.write(d.resolve("vmlinuz"), ("kernel " + v + "\n").repeat(20000).getBytes()),
                Files.write(d.resolve("initrd"), ("initrd " + v + "\n").repeat(30000).getBytes()));
    }

    /** A disk named {@code disk} with Bronze installed (slot A = version 1), under a PCI device directory. */
    Disk disk(String disk, BootloaderKind kind, String seed) throws IOException {
        Path img = Files.createDirectories(root.resolve("dev")).resolve(disk);
        BootPayload.Kernel p1 = (BootPayload.Kernel) payload(root.getParent(), "1");
        Plan plan = LayoutPlanner.plan(kind.defaultLayout().withSlotPayload(Files.size(p1.kernel()) + Files.size(p1.initrd())),
                img.toString(), SIZE, 512, GuidSource.seeded(seed), new DiskContents("none", List.of(), List.of(), false));
        try (ImageFile dev = ImageFile.create(img, SIZE, 512)) {
            installer().install(dev, plan, new Installer.InstallRequest(kind, p1, "1",
                    "console=ttyS0", Optional.empty()), true);
        }
        int major = nextMajor--;
        String devDir = "sys/devices/pci0000:00/0000:00:0" + (254 - major + 4) + ".0/" + disk + "-ctl/block/" + disk;
        write(devDir + "/dev", major + ":0");
        write(devDir + "/size", Long.toString(SIZE / 512));
        write(devDir + "/queue/logical_block_size", "512");
        write(devDir + "/ro", "0");
        write(devDir + "/removable", "0");
        write(devDir + "/uevent", "MAJOR=" + major + "\nMINOR=0\nDEVNAME=" + disk + "\nDEVTYPE=disk\n");
        link("sys/class/block/" + disk, "../../" + devDir.substring(4));
        for (PlannedPartition p : plan.partitions()) {
            addPartition(disk, devDir, major, p.number(), p.label(), p.offset(), p.size(), p.guid().toString());
        }
        return new Disk(disk, major, devDir, plan, img);
    }

    /** A partition the kernel lists (it need not be in the table: a stand-in for root or STATE). */
    void addPartition(String disk, String devDir, int major, int n, String label, long offset, long size, String uuid)
            throws IOException {
        String name = Character.isDigit(disk.charAt(disk.length() - 1)) ? disk + "p" + n : disk + n;
        String pdir = devDir + "/" + name;
        write(pdir + "/partition", Integer.toString(n));
        write(pdir + "/start", Long.toString(offset / 512));
        write(pdir + "/size", Long.toString(size / 512));
        write(pdir + "/dev", major + ":" + n);
        write(pdir + "/uevent", "MAJOR=" + major + "\nMINOR=" + n + "\nDEVNAME=" + name + "\nDEVTYPE=partition\nPARTN=" + n
                + "\nPARTNAME=" + label + "\nPARTUUID=" + uuid + "\n");
        link("sys/class/block/" + name, "../../" + pdir.substring(4));
        // The partition's device node: only its existence matters to the fixture mounter.
        write("dev/" + name, "");
    }

    record Disk(String name, int major, String devDir, Plan plan, Path image) {
        PlannedPartition part(String label) {
            return plan.partitions().stream().filter(p -> p.label().equals(label)).findFirst().orElseThrow();
        }

        String partName(String label) {
            int n = part(label).number();
            return Character.isDigit(name.charAt(name.length() - 1)) ? name + "p" + n : name + n;
        }

        String majMin(String label) {
            return major + ":" + part(label).number();
        }
    }

    void cmdline(String text) throws IOException {
        write("proc/cmdline", text + "\n");
    }

    void loaderDevicePartUuid(String uuid) throws IOException {
        Files.createDirectories(root.resolve("sys/firmware/efi/efivars"));
        new EfiVariables(sys, EfiVariables.ImmutableFlag.NONE).writeString("LoaderDevicePartUUID", uuid.toUpperCase());
    }

    void mount(String line) throws IOException {
        mountinfo.add(line);
        writeMountinfo();
    }

    void writeMountinfo() throws IOException {
        write("proc/self/mountinfo", String.join("\n", mountinfo) + "\n");
    }

    void write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    void link(String rel, String target) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.deleteIfExists(p);
        Files.createSymbolicLink(p, Path.of(target));
    }
}
