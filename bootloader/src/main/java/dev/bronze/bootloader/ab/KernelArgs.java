package dev.bronze.bootloader.ab;

import java.util.ArrayList;
import java.util.List;

/** The kernel arguments of a slot's entry: the user's, then {@code bronze.slot=}, then {@code panic=}. */
public final class KernelArgs {

    /** Reboot ten seconds after a panic, so the bootloader's counter gets the next try. */
    public static final String DEFAULT_PANIC = "panic=10";

    private KernelArgs() {
    }

    /**
     * Splits a command line the way the kernel does (spaces separate, double quotes group) and
     * adds Bronze's own arguments. Any {@code bronze.slot=} the user gave is replaced: the slot an
     * entry boots is not the user's to choose.
     */
    public static List<String> forSlot(Slot slot, String userCmdline) {
        List<String> out = new ArrayList<>();
        boolean panic = false;
        for (String w : split(userCmdline == null ? "" : userCmdline)) {
            if (w.startsWith("bronze.slot=")) {
                continue;
            }
            if (w.startsWith("panic=")) {
                panic = true;
            }
            out.add(w);
        }
        out.add("bronze.slot=" + slot.name());
        if (!panic) {
            out.add(DEFAULT_PANIC);
        }
        return out;
    }

    /** Kernel-style word splitting (quotes kept inside the word, as the kernel passes them on). */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                w.append(c);
            } else if (Character.isWhitespace(c) && !quoted) {
                if (w.length() > 0) {
                    words.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(c);
            }
        }
        if (w.length() > 0) {
            words.add(w.toString());
        }
        return words;
    }
}
