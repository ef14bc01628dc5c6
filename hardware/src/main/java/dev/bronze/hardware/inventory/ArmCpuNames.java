package dev.bronze.hardware.inventory;

import java.util.Map;

/** Arm MIDR implementer and part numbers (Arm and vendor TRMs) for the cores Bronze meets. */
final class ArmCpuNames {

    private ArmCpuNames() {
    }

    static final Map<Integer, String> IMPLEMENTERS = Map.ofEntries(
            Map.entry(0x41, "Arm"), Map.entry(0x42, "Broadcom"), Map.entry(0x43, "Cavium"),
            Map.entry(0x46, "Fujitsu"), Map.entry(0x48, "HiSilicon"), Map.entry(0x4e, "NVIDIA"),
            Map.entry(0x50, "Applied Micro"), Map.entry(0x51, "Qualcomm"), Map.entry(0x61, "Apple"),
            Map.entry(0x6d, "Microsoft"), Map.entry(0xc0, "Ampere"));

    /** Parts of implementer 0x41 (Arm Ltd). */
    static final Map<Integer, String> ARM_PARTS = Map.ofEntries(
            Map.entry(0xd03, "Cortex-A53"), Map.entry(0xd04, "Cortex-A35"), Map.entry(0xd05, "Cortex-A55"),
            Map.entry(0xd07, "Cortex-A57"), Map.entry(0xd08, "Cortex-A72"), Map.entry(0xd09, "Cortex-A73"),
            Map.entry(0xd0a, "Cortex-A75"), Map.entry(0xd0b, "Cortex-A76"), Map.entry(0xd0c, "Neoverse-N1"),
            Map.entry(0xd0d, "Cortex-A77"), Map.entry(0xd40, "Neoverse-V1"), Map.entry(0xd41, "Cortex-A78"),
            Map.entry(0xd44, "Cortex-X1"), Map.entry(0xd46, "Cortex-A510"), Map.entry(0xd47, "Cortex-A710"),
            Map.entry(0xd48, "Cortex-X2"), Map.entry(0xd49, "Neoverse-N2"), Map.entry(0xd4a, "Neoverse-E1"),
            Map.entry(0xd4b, "Cortex-A78C"), Map.entry(0xd4f, "Neoverse-V2"), Map.entry(0xd80, "Cortex-A520"),
            Map.entry(0xd81, "Cortex-A720"), Map.entry(0xd8e, "Neoverse-N3"));

    static final Map<Integer, String> AMPERE_PARTS = Map.of(0xac3, "AmpereOne", 0xac4, "AmpereOne AC04");

    static String describe(Integer implementer, Integer part) {
        if (implementer == null) {
            return null;
        }
        String vendor = IMPLEMENTERS.getOrDefault(implementer, String.format("implementer 0x%02x", implementer));
        String core = null;
        if (part != null) {
            core = implementer == 0x41 ? ARM_PARTS.get(part) : implementer == 0xc0 ? AMPERE_PARTS.get(part) : null;
            if (core == null) {
                core = String.format("part 0x%03x", part);
            }
        }
        return core == null ? vendor : vendor + " " + core;
    }
}
