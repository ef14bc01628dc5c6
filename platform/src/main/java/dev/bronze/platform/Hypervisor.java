package dev.bronze.platform;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The hypervisor under the machine, in systemd-detect-virt's names ({@code kvm}, {@code qemu},
 * {@code xen}, {@code microsoft}, {@code vmware}, {@code oracle}, {@code amazon}, {@code google},
 * ...), or none on bare metal.
 *
 * <p>systemd asks CPUID first; a JVM cannot, so the kernel's view of it stands in: the x86
 * {@code hypervisor} cpuinfo flag (CPUID 1 ECX bit 31), the paravirtual clock the kernel chose
 * ({@code kvm-clock}, {@code hyperv_clocksource_*}, {@code xen}) and {@code sys/hypervisor/type}.
 * The order follows systemd's {@code detect_vm()}: DMI answers of Amazon, Google, Oracle
 * (VirtualBox) and Xen win, then the CPUID stand-ins (so a QEMU-branded DMI on KVM is {@code kvm},
 * systemd #5318), then the rest of the DMI table; an Amazon or Google DMI on a CPU without the
 * hypervisor flag is their bare metal.
 */
public final class Hypervisor {

    /** systemd virt.c {@code detect_vm_dmi_vendor()}: prefix of any of the DMI fields below. */
    static final List<String[]> DMI_PREFIXES = List.of(
            new String[] {"KVM", "kvm"}, new String[] {"OpenStack", "kvm"}, new String[] {"KubeVirt", "kvm"},
            new String[] {"Amazon EC2", "amazon"}, new String[] {"QEMU", "qemu"}, new String[] {"VMware", "vmware"},
            new String[] {"VMW", "vmware"}, new String[] {"innotek GmbH", "oracle"}, new String[] {"VirtualBox", "oracle"},
            new String[] {"Oracle Corporation", "oracle"}, new String[] {"Xen", "xen"}, new String[] {"Bochs", "bochs"},
            new String[] {"Parallels", "parallels"}, new String[] {"BHYVE", "bhyve"}, new String[] {"Hyper-V", "microsoft"},
            new String[] {"Apple Virtualization", "apple"}, new String[] {"Google Compute Engine", "google"});

    static final List<String> DMI_FIELDS = List.of("product_name", "sys_vendor", "board_vendor", "bios_vendor",
            "product_version");

    /** A hypervisor name and the evidence line that named it. */
    public record Found(String name, Clue clue) {
    }

    private Hypervisor() {
    }

    /** The hypervisor and the clue that named it; empty on bare metal or when nothing says. */
    public static Optional<Found> identify(Evidence e) {
        if (e.dtHypervisor() != null) {
            String c = e.dtHypervisor().toLowerCase(Locale.ROOT);
            String name = c.equals("linux,kvm") ? "kvm" : c.contains("xen") ? "xen" : c.contains("vmware") ? "vmware" : "vm-other";
            return clue("devicetree:hypervisor/compatible", e.dtHypervisor(), name);
        }
        if (e.xenControlDomain()) {
            return Optional.empty(); // dom0 is the host
        }
        boolean noHvFlag = Boolean.FALSE.equals(e.cpuHypervisorFlag());
        if (noHvFlag && !"xen".equals(e.hypervisorType())) {
            // An x86 CPU without CPUID's hypervisor bit runs on bare metal, whatever the DMI says
            // (EC2 and GCE metal keep their cloud's vendor strings; OCI metal says "Oracle Corporation").
            return Optional.empty();
        }
        Optional<Found> dmi = dmiVendor(e);
        if (dmi.isPresent()) {
            String v = dmi.get().name();
            if (v.equals("amazon") || v.equals("google")) {
                if (Boolean.FALSE.equals(e.smbiosVmBit()) && v.equals("amazon")) {
                    return Optional.empty(); // EC2 bare metal: SMBIOS says not a VM
                }
                if (e.smbiosVmBit() == null && e.dmi().get("product_name") != null && metalInstance(e.dmi().get("product_name"))) {
                    return Optional.empty();
                }
                if (noHvFlag) {
                    return Optional.empty(); // the CPU itself says there is no hypervisor
                }
                return dmi;
            }
            if (v.equals("oracle") || v.equals("xen")) {
                return dmi;
            }
        }
        // A paravirtual clock registers only on its own hypervisor, even when the kernel (or AWS's
        // advice) made tsc the current one: the closest a JVM gets to CPUID's vendor leaf.
        Optional<Found> clock = clock("clocksource", e.clocksource());
        if (clock.isEmpty()) {
            clock = clock("available_clocksource", e.clocksources());
        }
        if (clock.isPresent()) {
            return clock;
        }
        if ("xen".equals(e.hypervisorType())) {
            return clue("sys/hypervisor/type", "xen", "xen");
        }
        if (dmi.isPresent()) {
            return dmi;
        }
        if (String.valueOf(e.dmi().get("sys_vendor")).equals("Microsoft Corporation")
                && String.valueOf(e.dmi().get("product_name")).equals("Virtual Machine")) {
            return clue("dmi:product_name", "Virtual Machine", "microsoft");
        }
        if (String.valueOf(e.dmi().get("sys_vendor")).equals("Nutanix") || String.valueOf(e.dmi().get("product_name")).equals("AHV")) {
            return clue("dmi:sys_vendor", String.valueOf(e.dmi().get("sys_vendor")), "kvm"); // AHV is KVM
        }
        if (e.fwCfg()) {
            return clue("sys/firmware/qemu_fw_cfg", "present", "qemu");
        }
        if (Boolean.TRUE.equals(e.smbiosVmBit())) {
            return clue("smbios:bios-characteristics", "VM bit set", "vm-other");
        }
        if (Boolean.TRUE.equals(e.cpuHypervisorFlag())) {
            return clue("cpuinfo:flags", "hypervisor", "vm-other");
        }
        return Optional.empty();
    }

    /** systemd: an EC2 instance type containing ".metal" followed by the end or "-" (m7i.metal-24xl). */
    static boolean metalInstance(String productName) {
        int i = productName.indexOf(".metal");
        if (i < 0) {
            return false;
        }
        int end = i + ".metal".length();
        return end == productName.length() || productName.charAt(end) == '-';
    }

    private static Optional<Found> clock(String source, String clocks) {
        if (clocks == null) {
            return Optional.empty();
        }
        for (String c : clocks.split(" ")) {
            if (c.equals("kvm-clock")) {
                return clue(source, clocks, "kvm");
            }
            if (c.startsWith("hyperv_clocksource")) {
                return clue(source, clocks, "microsoft");
            }
            if (c.equals("xen")) {
                return clue(source, clocks, "xen");
            }
        }
        return Optional.empty();
    }

    private static Optional<Found> dmiVendor(Evidence e) {
        for (String f : DMI_FIELDS) {
            String v = e.dmi().get(f);
            if (v == null) {
                continue;
            }
            for (String[] p : DMI_PREFIXES) {
                if (v.startsWith(p[0])) {
                    return clue("dmi:" + f, v, p[1]);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Found> clue(String source, String value, String name) {
        return Optional.of(new Found(name, new Clue("hypervisor:" + source, value, null)));
    }
}
