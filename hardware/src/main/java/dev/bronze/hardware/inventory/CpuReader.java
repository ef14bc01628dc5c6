package dev.bronze.hardware.inventory;

import dev.bronze.hardware.SysRoot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * CPUs from {@code /proc/cpuinfo} (model, flags, arm MIDR fields) and
 * {@code /sys/devices/system/cpu/cpuN/topology} (sockets, cores, threads), falling back to the
 * cpuinfo "physical id"/"core id" lines when topology is missing (old kernels, some containers).
 */
final class CpuReader {

    private CpuReader() {
    }

    static Inventory.Cpus read(SysRoot root, List<String> notes) {
        String text = root.read("proc/cpuinfo", 4 << 20) instanceof dev.bronze.hardware.SysRead.Content c
                ? new String(c.bytes(), java.nio.charset.StandardCharsets.UTF_8) : "";
        if (text.isEmpty()) {
            notes.add("cpu: /proc/cpuinfo is absent or unreadable");
        }
        CpuInfoText info = CpuInfoText.parse(text);
        String flagsLine = info.first("flags");
        boolean x86 = flagsLine != null || info.first("vendor_id") != null;
        String featuresLine = info.first("Features");
        Set<String> flags = new LinkedHashSet<>();
        String fl = x86 ? flagsLine : featuresLine;
        if (fl != null) {
            flags.addAll(Arrays.asList(fl.strip().split("\\s+")));
            flags.remove("");
        }
        Integer implementer = number(info.first("CPU implementer"));
        Integer part = number(info.first("CPU part"));
        String architecture;
        if (x86) {
            architecture = flags.contains("lm") ? "x86_64" : "x86";
        } else if (implementer != null) {
            String a = info.first("CPU architecture");
            architecture = "8".equals(a) || flags.contains("asimd") || flags.contains("fp") && !flags.contains("vfp") ? "aarch64" : "arm";
        } else if (info.first("isa") != null && info.first("isa").startsWith("rv64")) {
            architecture = "riscv64";
        } else {
            architecture = null;
        }
        // big.LITTLE SoCs (RK3588: Cortex-A55 + Cortex-A76) list different parts per processor.
        Set<String> coreNames = new LinkedHashSet<>();
        for (var p : info.processors()) {
            String d = ArmCpuNames.describe(number(p.get("CPU implementer")), number(p.get("CPU part")));
            if (d != null) {
                coreNames.add(d);
            }
        }
        String armCore = coreNames.isEmpty() ? ArmCpuNames.describe(implementer, part) : String.join(" + ", coreNames);
        String model = info.first("model name");
        if (model == null && armCore != null) {
            model = armCore;
        }
        String vendor = x86 ? info.first("vendor_id")
                : implementer == null ? null : ArmCpuNames.IMPLEMENTERS.getOrDefault(implementer, String.format("0x%02x", implementer));

        // Topology: prefer sysfs, which counts what the kernel brought online.
        List<String> cpus = new ArrayList<>();
        for (String name : root.list("sys/devices/system/cpu")) {
            if (name.matches("cpu\\d+")) {
                cpus.add(name);
            }
        }
        Set<String> packages = new TreeSet<>();
        Set<String> cores = new HashSet<>();
        int threads = 0;
        for (String cpu : cpus) {
            String base = "sys/devices/system/cpu/" + cpu + "/";
            String online = Sysfs.text(root, base + "online");
            if ("0".equals(online)) {
                continue;
            }
            String pkg = Sysfs.text(root, base + "topology/physical_package_id");
            String core = Sysfs.text(root, base + "topology/core_id");
            if (pkg == null || core == null) {
                continue;
            }
            threads++;
            packages.add(pkg);
            cores.add(pkg + "/" + core);
        }
        if (threads == 0) {
            threads = info.processors().size();
            for (var p : info.processors()) {
                String pkg = p.getOrDefault("physical id", "0");
                packages.add(pkg);
                cores.add(pkg + "/" + p.getOrDefault("core id", p.get("processor")));
            }
            if (threads > 0) {
                notes.add("cpu: no sysfs topology; sockets and cores come from /proc/cpuinfo");
            }
        }
        Long maxKhz = Sysfs.longValue(root, "sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
        Integer level = x86 ? X86Level.of(flags) : null;
        return new Inventory.Cpus(architecture, vendor, model, Math.max(packages.size(), threads > 0 ? 1 : 0),
                cores.size(), threads, level, level == null ? List.of() : X86Level.missingForNext(flags),
                implementer, part, armCore, maxKhz, List.copyOf(flags));
    }

    private static Integer number(String v) {
        if (v == null) {
            return null;
        }
        try {
            return v.startsWith("0x") || v.startsWith("0X") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
