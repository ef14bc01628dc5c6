package dev.bronze.hardware.hct;

import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.hct.HctReport.Check;
import dev.bronze.hardware.hct.HctReport.Device;
import dev.bronze.hardware.hct.HctReport.Status;
import dev.bronze.hardware.hct.HctReport.Verdict;
import dev.bronze.hardware.inventory.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hardware compatibility test: whether this OS supports a machine, from its inventory, the
 * drivers manifest and platform detection. It reads only; it runs on the board itself (or on a
 * fixture tree with {@code --root}).
 */
public final class Hct {

    /** What the OS needs. */
    public record Requirements(long minMemoryBytes, long warnMemoryBytes, int minX86Level, int warnX86Level,
            long minDiskBytes) {
        public static Requirements defaults() {
            // Kubernetes control planes want 2 GiB; below 4 GiB workers have little room left.
            return new Requirements(2L << 30, 4L << 30, 1, 2, 10_000_000_000L);
        }
    }

    private final SysRoot root;
    private final DriverLookup drivers;
    private final Requirements req;

    public Hct(SysRoot root, DriverLookup drivers, Requirements req) {
        this.root = root;
        this.drivers = drivers;
        this.req = req;
    }

    /** @param platform what detection said ("aws (cloud, detected)"), or empty when it was not run */
    public HctReport run(Inventory inv, Optional<String> platform) {
        List<Device> devices = devices(inv);
        List<Check> checks = new ArrayList<>();
        checks.add(firmware(inv));
        checks.add(secureBoot(inv));
        checks.add(tpm(inv));
        checks.add(cpu(inv));
        checks.add(memory(inv));
        checks.add(disk(inv));
        checks.add(nic(inv, devices));
        checks.add(devicesCheck(devices));
        checks.add(new Check("platform", Status.PASS, platform.orElse("not detected")));
        String machine = join(inv.system() == null ? null : inv.system().manufacturer(),
                inv.system() == null ? null : inv.system().productName());
        if (machine.isEmpty() && inv.board() != null && inv.board().model() != null) {
            machine = inv.board().model();
        }
        return new HctReport(machine.isEmpty() ? "unknown machine" : machine, checks, devices);
    }

    private static String join(String a, String b) {
        StringBuilder sb = new StringBuilder();
        if (a != null && !a.isBlank()) {
            sb.append(a.strip());
        }
        if (b != null && !b.isBlank()) {
            sb.append(sb.length() > 0 ? " " : "").append(b.strip());
        }
        return sb.toString();
    }

    private List<Device> devices(Inventory inv) {
        List<Device> out = new ArrayList<>();
        for (Inventory.PciDevice p : inv.pci()) {
            String what = "PCI " + p.vendorId() + ":" + p.deviceId() + " class " + p.classCode();
            if (p.driver() == null && p.classCode() != null && p.classCode().startsWith("0600")) {
                // A host bridge: the PCI core handles it; no driver binds, none is needed.
                out.add(new Device("pci", p.address(), what, p.modalias(), null, Verdict.WORKS, List.of(), "no driver needed (host bridge)"));
                continue;
            }
            out.add(device("pci", p.address(), what, p.modalias(), p.driver()));
        }
        for (Inventory.UsbDevice u : inv.usb()) {
            for (Inventory.UsbInterface i : u.interfaces()) {
                String what = "USB " + u.vendorId() + ":" + u.productId()
                        + (u.product() == null ? "" : " " + u.product()) + " interface class " + i.interfaceClass();
                out.add(device("usb", i.name(), what, i.modalias(), i.driver()));
            }
        }
        for (Inventory.PlatformDevice d : inv.platformDevices()) {
            if (d.modalias() == null || d.modalias().isBlank()) {
                continue;
            }
            out.add(device("platform", d.name(), String.join(", ", d.compatible()), d.modalias(), d.driver()));
        }
        return out;
    }

    private Device device(String bus, String address, String what, String modalias, String driver) {
        if (modalias == null || modalias.isBlank()) {
            return new Device(bus, address, what, null, driver, driver != null ? Verdict.WORKS : Verdict.UNSUPPORTED,
                    List.of(), driver != null ? "bound to " + driver : "no modalias to match");
        }
        DriverLookup.Support s = drivers.lookup(modalias);
        if (driver != null) {
            return new Device(bus, address, what, modalias, driver, Verdict.WORKS, s.modules(), "bound to " + driver);
        }
        if (s.modules().isEmpty()) {
            return new Device(bus, address, what, modalias, null, Verdict.UNSUPPORTED, List.of(), "no module in the manifest matches");
        }
        if (s.extension().isPresent()) {
            return new Device(bus, address, what, modalias, null, Verdict.NEEDS_EXTENSION, s.modules(),
                    "system extension " + s.extension().get());
        }
        List<String> missing = s.firmware().stream().filter(f -> !firmwarePresent(f)).toList();
        if (!missing.isEmpty()) {
            return new Device(bus, address, what, modalias, null, Verdict.NEEDS_FIRMWARE, s.modules(),
                    "firmware missing: " + String.join(", ", missing));
        }
        return new Device(bus, address, what, modalias, null, Verdict.SUPPORTED, s.modules(),
                "not bound now; " + String.join(", ", s.modules()) + " in the manifest");
    }

    /** A firmware file under lib/firmware, plain or compressed as Debian ships them. */
    private boolean firmwarePresent(String file) {
        for (String ext : new String[] {"", ".zst", ".xz"}) {
            if (root.exists("lib/firmware/" + file + ext) || root.exists("usr/lib/firmware/" + file + ext)) {
                return true;
            }
        }
        return false;
    }

    private static Check firmware(Inventory inv) {
        String mode = inv.firmware() == null ? null : inv.firmware().mode();
        if ("uefi".equals(mode)) {
            return new Check("firmware", Status.PASS, "UEFI");
        }
        if ("device-tree".equals(mode)) {
            return new Check("firmware", Status.PASS, "device-tree boot firmware");
        }
        if ("bios".equals(mode)) {
            return new Check("firmware", Status.WARN, "legacy BIOS: install with --bootloader grub-bios; no Secure Boot");
        }
        return new Check("firmware", Status.WARN, "firmware mode unknown");
    }

    private static Check secureBoot(Inventory inv) {
        String sb = inv.firmware() == null ? null : inv.firmware().secureBoot();
        if ("enabled".equals(sb)) {
            return new Check("secure-boot", Status.PASS, "enabled");
        }
        if (Boolean.TRUE.equals(inv.firmware() == null ? null : inv.firmware().setupMode())) {
            return new Check("secure-boot", Status.WARN, "firmware in setup mode: keys can be enrolled");
        }
        return new Check("secure-boot", Status.WARN, sb == null ? "unknown" : sb);
    }

    private static Check tpm(Inventory inv) {
        Inventory.Tpm t = inv.tpm();
        if (t == null || !t.present()) {
            return new Check("tpm", Status.WARN, "no TPM: disk encryption cannot be sealed to the machine");
        }
        if (t.versionMajor() != null && t.versionMajor() == 2) {
            return new Check("tpm", Status.PASS, "TPM 2.0");
        }
        return new Check("tpm", Status.WARN, "TPM " + (t.versionMajor() == null ? "of unknown version" : t.versionMajor() + ".x")
                + ": TPM 2.0 is needed to seal keys");
    }

    private Check cpu(Inventory inv) {
        Inventory.Cpus c = inv.cpus();
        String arch = c == null ? null : c.architecture();
        if (arch == null) {
            return new Check("cpu", Status.FAIL, "CPU architecture unknown");
        }
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return new Check("cpu", Status.PASS, "arm64" + (c.armCore() == null ? "" : " (" + c.armCore() + ")"));
        }
        if (!(arch.equals("x86_64") || arch.equals("amd64"))) {
            return new Check("cpu", Status.FAIL, arch + " is not amd64 or arm64");
        }
        Integer level = c.x86Level();
        if (level == null) {
            return new Check("cpu", Status.WARN, "amd64, micro-architecture level unknown");
        }
        if (level < req.minX86Level()) {
            return new Check("cpu", Status.FAIL, "x86-64-v" + level + " is below the required v" + req.minX86Level());
        }
        if (level < req.warnX86Level()) {
            return new Check("cpu", Status.WARN, "x86-64-v" + level + "; missing for v" + (level + 1) + ": "
                    + String.join(" ", c.missingForNextLevel()));
        }
        return new Check("cpu", Status.PASS, "amd64, x86-64-v" + level + ", " + c.threads() + " threads");
    }

    private Check memory(Inventory inv) {
        long total = inv.memory() == null ? 0 : inv.memory().totalBytes();
        String gib = String.format(java.util.Locale.ROOT, "%.1f GiB", total / (double) (1L << 30));
        if (total < req.minMemoryBytes()) {
            return new Check("memory", Status.FAIL, gib + " is below the " + (req.minMemoryBytes() >> 30) + " GiB minimum");
        }
        if (total < req.warnMemoryBytes()) {
            return new Check("memory", Status.WARN, gib);
        }
        return new Check("memory", Status.PASS, gib);
    }

    private Check disk(Inventory inv) {
        List<Inventory.DiskSummary> fit = inv.disks().stream()
                .filter(d -> d.sizeBytes() >= req.minDiskBytes() && !Boolean.TRUE.equals(d.removable())).toList();
        if (fit.isEmpty()) {
            return new Check("install-disk", Status.FAIL, "no fixed disk of at least " + req.minDiskBytes() / 1_000_000_000 + " GB"
                    + (inv.disks().isEmpty() ? " (no disks found)" : ""));
        }
        Inventory.DiskSummary d = fit.get(0);
        return new Check("install-disk", Status.PASS, fit.size() + " candidate(s), e.g. " + d.name() + " "
                + d.sizeBytes() / 1_000_000_000 + " GB" + (d.transport() == null ? "" : " " + d.transport()));
    }

    private static Check nic(Inventory inv, List<Device> devices) {
        List<String> withDriver = inv.network().stream().filter(n -> n.driver() != null).map(Inventory.NetworkInterface::name).toList();
        if (!withDriver.isEmpty()) {
            return new Check("network", Status.PASS, "driver bound: " + String.join(", ", withDriver));
        }
        boolean supportedNic = devices.stream().anyMatch(d -> d.bus().equals("pci") && d.description().contains("class 02")
                && (d.verdict() == Verdict.SUPPORTED || d.verdict() == Verdict.NEEDS_FIRMWARE || d.verdict() == Verdict.NEEDS_EXTENSION));
        if (supportedNic) {
            return new Check("network", Status.WARN, "a network controller has a driver in the manifest but none is bound now");
        }
        return new Check("network", Status.FAIL, "no network interface with a driver");
    }

    private static Check devicesCheck(List<Device> devices) {
        long unsupported = devices.stream().filter(d -> d.verdict() == Verdict.UNSUPPORTED).count();
        long needs = devices.stream().filter(d -> d.verdict() == Verdict.NEEDS_FIRMWARE || d.verdict() == Verdict.NEEDS_EXTENSION).count();
        String detail = devices.size() + " devices: " + devices.stream().filter(d -> d.verdict() == Verdict.WORKS).count()
                + " work, " + devices.stream().filter(d -> d.verdict() == Verdict.SUPPORTED).count() + " supported, " + needs
                + " need firmware or an extension, " + unsupported + " unsupported";
        return new Check("devices", unsupported + needs > 0 ? Status.WARN : Status.PASS, detail);
    }
}
