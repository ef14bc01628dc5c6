package dev.bronze.e2e;

import java.util.List;

/**
 * One step of a row as the report shows it: a host action (install, upgrade, rollback with the real
 * CLI) or a QEMU run and what the guest reported.
 *
 * @param expected  what had to happen, in words ("slot A version 1 confirmed on metal")
 * @param slot      the slot the (last) boot reported, or "-"
 * @param platform  the platform detection answered in the guest, or "-"
 * @param source    detection's source (detected, cmdline, fallback), or "-"
 * @param problems  why the step failed; empty when it passed
 * @param serialLog the console log, kept for failed boots
 */
public record Step(String row, String name, String expected, String slot, String version, String platform, String source,
        int boots, double seconds, List<String> problems, String serialLog) {

    public Step {
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    public String verdict() {
        return passed() ? "pass" : "FAIL";
    }

    /** A host-side action's step. */
    public static Step host(String row, String name, String expected, double seconds, List<String> problems) {
        return new Step(row, name, expected, "-", "-", "-", "-", 0, seconds, problems, null);
    }
}
