package dev.bronze.platform;

import java.util.Locale;
import java.util.Optional;

/** The CPU architecture in Go/Debian names, from {@code proc/cpuinfo} (so it works under --root). */
final class Arch {

    private Arch() {
    }

    static Optional<String> fromCpuinfo(String cpuinfo) {
        if (cpuinfo.isEmpty()) {
            return Optional.empty();
        }
        String s390 = field(cpuinfo, "vendor_id");
        if (s390 != null && s390.startsWith("IBM/S390")) {
            return Optional.of("s390x");
        }
        if (isX86(cpuinfo)) {
            return Optional.of(hasFlag(cpuinfo, "lm") ? "amd64" : "386");
        }
        String armArch = field(cpuinfo, "CPU architecture");
        if (armArch != null) {
            return Optional.of(armArch.startsWith("8") || armArch.equalsIgnoreCase("AArch64") ? "arm64" : "arm");
        }
        String isa = field(cpuinfo, "isa");
        if (isa != null && isa.startsWith("rv")) {
            return Optional.of(isa.startsWith("rv64") ? "riscv64" : "riscv");
        }
        String cpu = field(cpuinfo, "cpu");
        if (cpu != null && (cpu.startsWith("POWER") || cpu.startsWith("PPC"))) {
            return Optional.of("ppc64le");
        }
        String model = field(cpuinfo, "model name");
        if (model != null && model.startsWith("ARMv")) {
            return Optional.of(model.startsWith("ARMv8") ? "arm64" : "arm");
        }
        return Optional.empty();
    }

    static boolean isX86(String cpuinfo) {
        return field(cpuinfo, "flags") != null && field(cpuinfo, "vendor_id") != null;
    }

    static boolean hasFlag(String cpuinfo, String flag) {
        String flags = field(cpuinfo, "flags");
        if (flags == null) {
            return false;
        }
        // Whitespace-separated words, compared by hand: no regex on the boot path.
        int n = flags.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(flags.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(flags.charAt(i))) {
                i++;
            }
            if (i - start == flag.length() && flags.regionMatches(start, flag, 0, flag.length())) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code name : value} line's value (cpuinfo repeats blocks per processor). */
    static String field(String cpuinfo, String name) {
        int from = 0;
        while (from < cpuinfo.length()) {
            int nl = cpuinfo.indexOf('\n', from);
            int end = nl < 0 ? cpuinfo.length() : nl;
            int colon = cpuinfo.indexOf(':', from);
            if (colon > from && colon < end && cpuinfo.substring(from, colon).strip().equals(name)) {
                return cpuinfo.substring(colon + 1, end).strip();
            }
            from = end + 1;
        }
        return null;
    }

    static String ofJvm() {
        String a = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            case "arm" -> "arm";
            default -> a;
        };
    }
}
