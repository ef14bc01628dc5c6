package dev.bronze.hardware.inventory;

import java.util.List;
import java.util.Set;

/**
 * The x86-64 micro-architecture level (x86-64 psABI, "Micro-architecture levels") from the flags
 * of {@code /proc/cpuinfo}. The kernel spells some features differently from the psABI: SSE3 is
 * {@code pni}, LAHF/SAHF is {@code lahf_lm}, LZCNT is {@code abm}, and OSXSAVE is implied by
 * {@code xsave} being listed (the kernel hides it when the OS does not enable XSAVE).
 */
public final class X86Level {

    static final List<String> V1 = List.of("lm", "cmov", "cx8", "fpu", "fxsr", "mmx", "syscall", "sse", "sse2");
    static final List<String> V2 = List.of("cx16", "lahf_lm", "popcnt", "pni", "sse4_1", "sse4_2", "ssse3");
    static final List<String> V3 = List.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave");
    static final List<String> V4 = List.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl");

    private X86Level() {
    }

    /** 0 when not even x86-64 v1 (a 32-bit CPU or no flags), else 1 to 4. */
    public static int of(Set<String> flags) {
        if (!flags.containsAll(V1)) {
            return 0;
        }
        if (!flags.containsAll(V2)) {
            return 1;
        }
        if (!flags.containsAll(V3)) {
            return 2;
        }
        return flags.containsAll(V4) ? 4 : 3;
    }

    /** The first flags missing for the next level, to say why a CPU stops where it does. */
    public static List<String> missingForNext(Set<String> flags) {
        List<List<String>> levels = List.of(V1, V2, V3, V4);
        int level = of(flags);
        if (level == 4) {
            return List.of();
        }
        return levels.get(level).stream().filter(f -> !flags.contains(f)).toList();
    }
}
