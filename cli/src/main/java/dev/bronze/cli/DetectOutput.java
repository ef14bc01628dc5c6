package dev.bronze.cli;

import dev.bronze.hardware.devicetree.Board;
import dev.bronze.hardware.devicetree.RpiRevision;
import dev.bronze.platform.Clue;
import dev.bronze.platform.Detection;
import java.util.List;

/**
 * Renders a {@link Detection} as the short human table or as the one JSON object of
 * {@code --json}. Written by hand rather than with Jackson so that {@code bronze detect} in init
 * does not pay for Jackson's start-up; the picocli path and the fast path share it, so both print
 * byte-for-byte the same.
 */
final class DetectOutput {

    private DetectOutput() {
    }

    static String json(Detection d) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\n");
        b.append("  \"platform\": ").append(str(d.platform())).append(",\n");
        b.append("  \"mode\": ").append(str(d.mode().id())).append(",\n");
        b.append("  \"arch\": ").append(str(d.arch())).append(",\n");
        b.append("  \"hypervisor\": ").append(str(d.hypervisor())).append(",\n");
        b.append("  \"board\": ").append(board(d.board())).append(",\n");
        b.append("  \"source\": ").append(str(d.source().id())).append(",\n");
        b.append("  \"evidence\": [");
        List<Clue> ev = d.evidence();
        for (int i = 0; i < ev.size(); i++) {
            Clue c = ev.get(i);
            b.append(i == 0 ? "\n" : ",\n");
            b.append("    {\"source\": ").append(str(c.source())).append(", \"value\": ").append(str(c.value()))
                    .append(", \"platform\": ").append(str(c.platform())).append('}');
        }
        b.append(ev.isEmpty() ? "]\n" : "\n  ]\n");
        b.append('}');
        return b.toString();
    }

    private static String board(Board board) {
        if (board == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        b.append("{\"model\": ").append(str(board.model())).append(", \"compatible\": [");
        for (int i = 0; i < board.compatible().size(); i++) {
            b.append(i == 0 ? "" : ", ").append(str(board.compatible().get(i)));
        }
        b.append("], \"serial\": ").append(str(board.serial())).append(", \"revision\": ");
        RpiRevision r = board.revision();
        if (r == null) {
            b.append("null");
        } else {
            b.append("{\"code\": ").append(str(r.hex()))
                    .append(", \"newStyle\": ").append(r.newStyle())
                    .append(", \"type\": ").append(str(r.type()))
                    .append(", \"processor\": ").append(str(r.processor()))
                    .append(", \"manufacturer\": ").append(str(r.manufacturer()))
                    .append(", \"memoryMb\": ").append(r.memoryMb())
                    .append(", \"revision\": ").append(str(r.revision()))
                    .append(", \"warrantyVoid\": ").append(r.warrantyVoid()).append('}');
        }
        return b.append('}').toString();
    }

    static String table(Detection d) {
        StringBuilder b = new StringBuilder(512);
        row(b, "platform", d.platform());
        row(b, "mode", d.mode().id());
        row(b, "source", d.source().id());
        row(b, "arch", d.arch());
        row(b, "hypervisor", d.hypervisor() == null ? "none" : d.hypervisor());
        if (d.board() != null) {
            Board bd = d.board();
            row(b, "board", bd.model() != null ? bd.model() : String.join(", ", bd.compatible()));
            if (bd.revision() != null) {
                row(b, "revision", bd.revision().hex() + " = " + bd.revision().describe());
            }
        }
        String label = "evidence";
        for (Clue c : d.evidence()) {
            row(b, label, safe(c.source()) + " = " + safe(c.value()) + (c.platform() == null ? "" : "  (" + c.platform() + ")"));
            label = "";
        }
        if (d.evidence().isEmpty()) {
            row(b, label, "none");
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append(key);
        for (int i = key.length(); i < 12; i++) {
            b.append(' ');
        }
        b.append(safe(value)).append(System.lineSeparator());
    }

    /** Values come from firmware: never let them move the cursor or ring the terminal. */
    private static String safe(String s) {
        if (s == null) {
            return "-";
        }
        // Almost every value is clean: one read-only pass, no copy (init runs this in the interpreter).
        int i = 0;
        while (i < s.length() && !control(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        char[] cs = s.toCharArray();
        for (; i < cs.length; i++) {
            if (control(cs[i])) {
                cs[i] = '?';
            }
        }
        return new String(cs);
    }

    private static boolean control(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        String h = Integer.toHexString(c);
                        b.append("\\u").append("0".repeat(4 - h.length())).append(h);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
