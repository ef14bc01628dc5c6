package dev.bronze.cli;

import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.inventory.Inventory;
import dev.bronze.hardware.inventory.InventoryCollector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bronze inventory}: what the machine is made of, from sysfs, procfs, SMBIOS and the device tree. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = {"List the hardware of this machine (or of a fixture tree with --root):",
            "system, firmware, CPUs, memory, network, PCI, USB, platform devices, TPM, watchdogs, RTC."})
final class InventoryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", description = "Read sys/ and proc/ below DIR instead of /.")
    Path root;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        SysRoot sys = root == null ? SysRoot.host() : SysRoot.of(root);
        if (root != null && !sys.isDirectory("")) {
            throw new dev.bronze.hardware.HardwareException(dev.bronze.hardware.ExitCode.USAGE, "--root " + root + " is not a directory");
        }
        Inventory inv = new InventoryCollector(sys, new dev.bronze.hardware.inventory.DiscoveredDisks()).collect();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, inv);
            return 0;
        }
        print(out, inv);
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, Inventory inv) {
        Inventory.SystemIdentity s = inv.system();
        if (s != null) {
            out.printf("System:    %s %s%s (from %s)%n", n(s.manufacturer()), n(s.productName()),
                    s.version() == null ? "" : " " + s.version(), s.source());
            line(out, "Serial:", s.serialNumber());
            line(out, "UUID:", s.uuid());
            line(out, "Chassis:", s.chassisType());
        }
        if (inv.baseboard() != null) {
            out.printf("Board:     %s %s%n", n(inv.baseboard().manufacturer()), n(inv.baseboard().productName()));
        }
        if (inv.board() != null) {
            out.printf("DT board:  %s [%s]%s%n", n(inv.board().model()), String.join(", ", inv.board().compatible()),
                    inv.board().revisionCode() == null ? "" : " revision " + inv.board().revisionCode()
                    + (inv.board().revision() == null ? "" : " = " + inv.board().revision()));
        }
        Inventory.Firmware f = inv.firmware();
        out.printf("Firmware:  %s, Secure Boot %s%s%n", f.mode().toUpperCase(Locale.ROOT), f.secureBoot(),
                f.vendor() == null ? "" : ", " + f.vendor() + " " + n(f.version()) + " " + n(f.releaseDate()));
        Inventory.Cpus c = inv.cpus();
        out.printf("CPU:       %s, %d socket(s), %d core(s), %d thread(s), %s%s%n", n(c.model()), c.sockets(), c.cores(),
                c.threads(), n(c.architecture()), c.x86Level() == null ? "" : " (x86-64-v" + c.x86Level() + ")");
        Inventory.Memory m = inv.memory();
        out.printf("Memory:    %s total%s%n", gib(m.totalBytes()),
                m.installedBytes() == null ? "" : ", " + gib(m.installedBytes()) + " installed in " + m.modules().size() + " module(s)");
        for (Inventory.MemoryModule mm : m.modules()) {
            out.printf("           %s: %s %s %s MT/s %s %s%n", n(mm.locator()), mm.sizeBytes() == null ? "?" : gib(mm.sizeBytes()),
                    n(mm.type()), mm.speedMts() == null ? "?" : mm.speedMts(), n(mm.manufacturer()), n(mm.partNumber()));
        }
        if (inv.bmc() != null) {
            out.printf("BMC:       IPMI %s, %s at %s%n", inv.bmc().ipmiVersion(), inv.bmc().interfaceType(), inv.bmc().baseAddress());
        }
        out.println("Network:");
        for (Inventory.NetworkInterface i : inv.network()) {
            out.printf("  %-12s %s driver=%s bus=%s %s%s%n", i.name(), n(i.mac()), n(i.driver()), n(i.bus()), n(i.operstate()),
                    i.speedMbps() == null ? "" : " " + i.speedMbps() + " Mb/s");
        }
        out.println("PCI:");
        for (Inventory.PciDevice p : inv.pci()) {
            out.printf("  %s %s:%s class %s driver=%s%n", p.address(), n(p.vendorId()), n(p.deviceId()), n(p.classCode()), n(p.driver()));
        }
        out.println("USB:");
        for (Inventory.UsbDevice u : inv.usb()) {
            out.printf("  %-8s %s:%s %s%n", u.name(), n(u.vendorId()), n(u.productId()), n(u.product()));
            for (Inventory.UsbInterface i : u.interfaces()) {
                out.printf("    %s class %s driver=%s%n", i.name(), n(i.interfaceClass()), n(i.driver()));
            }
        }
        if (!inv.platformDevices().isEmpty()) {
            out.println("Platform devices:");
            for (Inventory.PlatformDevice p : inv.platformDevices()) {
                out.printf("  %s %s driver=%s%n", p.name(), p.compatible().isEmpty() ? n(p.modalias()) : String.join(",", p.compatible()), n(p.driver()));
            }
        }
        Inventory.Tpm t = inv.tpm();
        out.printf("TPM:       %s%n", t.present() ? "TPM " + (t.versionMajor() == null ? "?" : t.versionMajor() == 2 ? "2.0" : "1.2") + " (" + n(t.driver()) + ")"
                : t.versionMajor() != null ? "described by firmware (TPM " + t.versionMajor() + ".x) but not available to the OS" : "none");
        out.printf("Watchdogs: %s%n", inv.watchdogs().isEmpty() ? "none" : String.join(", ", inv.watchdogs().stream().map(w -> w.name() + " (" + n(w.identity()) + ")").toList()));
        out.printf("RTC:       %s%n", inv.rtcs().isEmpty() ? "none" : String.join(", ", inv.rtcs().stream().map(r -> r.name() + " (" + n(r.driver()) + ")").toList()));
        List<String> notes = inv.notes();
        if (!notes.isEmpty()) {
            out.println("Notes:");
            notes.forEach(x -> out.println("  " + x));
        }
    }

    private static void line(PrintWriter out, String label, String value) {
        if (value != null) {
            out.printf("  %-8s %s%n", label, value);
        }
    }

    private static String n(Object v) {
        return v == null ? "-" : v.toString();
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
