package dev.bronze.bootloader.sdboot;

import dev.bronze.bootloader.ab.SlotInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Boot Loader Specification Type #1 entry ({@code loader/entries/*.conf}): the keys Bronze
 * writes and reads back. Keys are the first word of a line, the value the rest.
 */
public record LoaderEntry(String title, String version, String linux, List<String> initrds, String uki, List<String> options) {

    public LoaderEntry {
        initrds = List.copyOf(initrds);
        options = List.copyOf(options);
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("title ").append(title).append('\n');
        sb.append("version ").append(version).append('\n');
        if (uki != null) {
            sb.append("uki ").append(uki).append('\n');
        } else {
            sb.append("linux ").append(linux).append('\n');
            for (String i : initrds) {
                sb.append("initrd ").append(i).append('\n');
            }
        }
        if (!options.isEmpty()) {
            sb.append("options ").append(String.join(" ", options)).append('\n');
        }
        return sb.toString();
    }

    public static LoaderEntry parse(byte[] bytes) {
        String title = null;
        String version = null;
        String linux = null;
        String uki = null;
        List<String> initrds = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String raw : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int sp = indexOfSpace(line);
            String key = sp < 0 ? line : line.substring(0, sp);
            String value = sp < 0 ? "" : line.substring(sp).strip();
            switch (key) {
                case "title" -> title = value;
                case "version" -> version = value;
                case "linux" -> linux = value;
                case "uki" -> uki = value;
                case "initrd" -> initrds.add(value);
                case "options" -> options.addAll(dev.bronze.bootloader.ab.KernelArgs.split(value));
                default -> {
                    // Other keys (machine-id, architecture, devicetree, ...) are not ours to interpret.
                }
            }
        }
        return new LoaderEntry(title, version, linux, initrds, uki, options);
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    public SlotInfo.PayloadKind kind() {
        return uki != null ? SlotInfo.PayloadKind.UKI : SlotInfo.PayloadKind.KERNEL;
    }
}
