package dev.bronze.hardware.smbios;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The oracle: Debian's {@code dmidecode --from-dump FILE}, its text parsed back into one block per
 * handle with its attributes and list items.
 */
final class Dmidecode {

    record Block(int handle, int type, int length, String title, Map<String, Field> fields, boolean truncated) {
    }

    private Dmidecode() {
    }

    static String binary() {
        for (String p : new String[] {"/usr/sbin/dmidecode", "/sbin/dmidecode", "/usr/bin/dmidecode"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new AssertionError("dmidecode is not installed (Debian package dmidecode, listed in .ci/apt/smbios.txt)");
    }

    static List<Block> fromDump(Path dump) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary(), "--from-dump", dump.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("dmidecode hung on " + dump);
        }
        return parse(new String(out, StandardCharsets.ISO_8859_1));
    }

    static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            String l = lines[i];
            if (!l.startsWith("Handle 0x")) {
                i++;
                continue;
            }
            // Handle 0x0000, DMI type 0, 26 bytes
            String[] parts = l.split("[ ,]+");
            int handle = Integer.parseInt(parts[1].substring(2), 16);
            int type = Integer.parseInt(parts[4]);
            int length = Integer.parseInt(parts[5]);
            i++;
            if (i < lines.length && lines[i].equals("\t<TRUNCATED>")) {
                blocks.add(new Block(handle, type, length, null, Map.of(), true));
                i++;
                continue;
            }
            String title = i < lines.length ? lines[i] : "";
            i++;
            Map<String, Field> fields = new LinkedHashMap<>();
            String label = null;
            String value = null;
            List<String> items = new ArrayList<>();
            while (i < lines.length && !lines[i].isEmpty() && !lines[i].startsWith("Handle 0x")) {
                String x = lines[i];
                if (x.startsWith("\t\t")) {
                    items.add(x.substring(2));
                } else if (x.startsWith("\t")) {
                    if (label != null) {
                        fields.put(label, new Field(label, value, items));
                    }
                    String body = x.substring(1);
                    int c = body.indexOf(':');
                    if (c < 0) {
                        label = body;
                        value = "";
                    } else {
                        label = body.substring(0, c);
                        value = body.length() > c + 1 ? body.substring(c + 2) : "";
                    }
                    items = new ArrayList<>();
                }
                i++;
            }
            if (label != null) {
                fields.put(label, new Field(label, value, items));
            }
            blocks.add(new Block(handle, type, length, title, fields, false));
        }
        return blocks;
    }
}
