package dev.bronze.cli;

import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.trust.TrustKey;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.block.LinuxBlockDevice;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.Layout;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.LayoutYaml;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.hardware.disk.layout.Sizes;
import dev.bronze.hardware.disk.layout.TargetCheck;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.installer.PlatformKernelArgs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "install",
        description = {"Partitions and formats a disk or image, installs the bootloader and writes version V into slot A, known-good.",
            "Without --platform the image is platform-neutral: the platform is detected at boot."})
final class InstallCommand implements Callable<Integer> {

    // Not mixinStandardHelpOptions: its -V/--version clashes with this command's --version V, and
    // picocli then drops the whole mixin, --help included.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--image", paramLabel = "FILE", description = "An image file (created with --size when missing).")
    Path image;

    @Option(names = "--size", paramLabel = "SIZE", description = "Size of a new image (2GiB, 8G, 20GB).")
    String size;

    @Option(names = "--disk", paramLabel = "DEV", description = "A block device such as /dev/sdb.")
    Path disk;

    @Option(names = "--disk-selector", paramLabel = "EXPR", description = "Pick the one disk that matches (see README).")
    String diskSelector;

    @Option(names = "--bootloader", required = true, paramLabel = "sd-boot|grub|grub-bios|rpi")
    String bootloader;

    @Mixin
    PayloadOptions payload;

    @Option(names = "--version", paramLabel = "V", description = "The version (free text without '+'); for --uki optional: the UKI's .osrel IMAGE_VERSION, else VERSION_ID.")
    String version;

    @Option(names = "--platform", paramLabel = "P", description = "Build for one platform: talos.platform=P and P's kernel arguments.")
    String platform;

    @Option(names = "--cmdline", defaultValue = "", paramLabel = "ARGS", description = "Kernel arguments, appended.")
    String cmdline;

    @Option(names = "--arch", paramLabel = "amd64|arm64",
            description = "The node's architecture (default: this machine's): systemd-boot/GRUB EFI binaries and EFI/BOOT/BOOTX64.EFI or BOOTAA64.EFI.")
    String arch;

    @Option(names = "--systemd-boot", paramLabel = "FILE",
            description = "The systemd-boot EFI binary (default: Debian's systemd-boot-efi for --arch, /usr/lib/systemd/boot/efi/).")
    Path systemdBoot;

    @Option(names = "--layout", paramLabel = "uefi|bios|rpi|FILE.yaml", description = "Layout (default: the bootloader's).")
    String layout;

    @Option(names = "--seed", paramLabel = "S", description = "Derive every identifier from S and fix timestamps: byte-identical images.")
    String seed;

    @Option(names = "--trust-key", paramLabel = "FILE", description = "PEM public key (Ed25519 or ECDSA P-256) upgrades must be signed with.")
    Path trustKey;

    @Option(names = "--dry-run", description = "Print the plan; change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Allow wiping a disk or image that is not empty.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Option(names = "--root", paramLabel = "DIR", hidden = true)
    Path root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int targets = (image == null ? 0 : 1) + (disk == null ? 0 : 1) + (diskSelector == null ? 0 : 1);
        if (targets != 1) {
            throw new BronzeException(ExitCode.USAGE, "give exactly one of --image FILE, --disk DEV or --disk-selector EXPR");
        }
        BootloaderKind kind = BootloaderKind.parse(bootloader);
        BootPayload p = payload.payload();
        Optional<TrustKey> key = trustKey == null ? Optional.empty() : Optional.of(TrustKey.parsePem(Files.readString(trustKey)));
        String args = String.join(" ", kernelArgs());
        Layout l = layout == null ? kind.defaultLayout()
                : layout.endsWith(".yaml") || layout.endsWith(".yml") ? LayoutYaml.read(Path.of(layout))
                : Layout.builtIn(layout.toLowerCase(Locale.ROOT));
        l = l.withSlotPayload(payloadBytes(p));
        GuidSource ids = seed == null ? GuidSource.random() : GuidSource.seeded(seed);
        DiskTarget t = new DiskTarget();
        t.root = root;
        Installer installer = AbCommand.installer(t, err, json, bootTools()).withSecureBoot(payload.secureBoot());
        Installer.InstallRequest req = new Installer.InstallRequest(kind, p, version, args, key);
        // Before an image is created or a disk is looked at: a refused binary leaves nothing behind.
        installer.requireStartable(req);
        Plan plan;
        AbStatus status = null;
        if (image != null && !Files.exists(image)) {
            if (size == null) {
                throw new BronzeException(ExitCode.USAGE, image + " does not exist: give --size to create it");
            }
            long bytes = Sizes.parse(size) / (1 << 20) * (1 << 20);
            plan = LayoutPlanner.plan(l, image.toString(), bytes, 512, ids, new DiskContents("none", List.of(), List.of(), false));
            if (!dryRun) {
                try (ImageFile dev = ImageFile.create(image, bytes, 512)) {
                    status = installer.install(dev, plan, req, seed != null);
                }
            }
        } else {
            if (image == null) {
                disk = DiskChoice.resolve(t.sys(), disk, diskSelector);
                if (!dryRun) {
                    new TargetCheck(t.sys()).requireWritable(disk);
                }
            }
            try (BlockDevice dev = open()) {
                plan = LayoutPlanner.plan(l, dev.name(), dev.size(), dev.logicalSectorSize(), ids, DiskContents.probe(dev));
                if (plan.destructive() && !force && !dryRun) {
                    throw BronzeException.refused(dev.name() + " is not empty (" + plan.existing().describe()
                            + "); pass --force to wipe it");
                }
                if (!dryRun) {
                    status = installer.install(dev, plan, req, seed != null);
                }
            }
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dryRun", dryRun);
            doc.put("plan", plan);
            doc.put("status", status == null ? null : status.toJson());
            Json.print(out, doc);
        } else {
            PartitionCommand.printPlan(out, plan, status != null);
            if (status != null) {
                StatusCommand.print(out, status, false);
            }
        }
        return 0;
    }

    private List<String> kernelArgs() {
        List<String> a = new ArrayList<>();
        if (platform != null) {
            a.addAll(PlatformKernelArgs.forPlatform(platform, efiArch().equals("aa64") ? "arm64" : "amd64"));
        }
        if (!cmdline.isBlank()) {
            a.add(cmdline.strip());
        }
        return a;
    }

    private String efiArch() {
        if (arch == null) {
            return AbCommand.efiArch();
        }
        try {
            return BootTools.efiArchOf(arch.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BronzeException(ExitCode.USAGE, "--arch: " + e.getMessage());
        }
    }

    private BootTools bootTools() {
        BootTools tools = BootTools.debian(efiArch(), AbCommand.workDir());
        if (systemdBoot != null) {
            if (!Files.isRegularFile(systemdBoot)) {
                throw new BronzeException(ExitCode.USAGE, "--systemd-boot " + systemdBoot + " is not a file");
            }
            tools = tools.withSystemdBoot(systemdBoot);
        }
        return tools;
    }

    private BlockDevice open() throws IOException {
        if (image != null) {
            if (size != null) {
                throw new BronzeException(ExitCode.USAGE, "--size creates a new image; " + image + " exists");
            }
            return dryRun ? ImageFile.openReadOnly(image, 512) : ImageFile.open(image, 512);
        }
        return dryRun ? LinuxBlockDevice.openReadOnly(disk) : LinuxBlockDevice.open(disk);
    }

    private static long payloadBytes(BootPayload p) throws IOException {
        return p instanceof BootPayload.Kernel k ? Files.size(k.kernel()) + Files.size(k.initrd())
                : Files.size(((BootPayload.Uki) p).uki());
    }
}
