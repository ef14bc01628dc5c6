package dev.bronze.bootloader.sdboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * systemd's own {@code bootctl list}, run on a copy of an ESP tree in a private tmpfs (bootctl
 * wants the root of a filesystem; this machine cannot mount vfat). It is the peer that says how
 * systemd-boot orders our entries and reads their counters.
 */
final class Bootctl {

    record Listed(String title, String source, boolean isDefault, Integer triesLeft, Integer triesDone, String type,
            String version, String options) {
        /** The slot of a Bronze entry, from its file name. */
        dev.bronze.bootloader.ab.Slot slot() {
            return EntryName.parse(source.substring(source.lastIndexOf('/') + 1)).map(EntryName::slot).orElse(null);
        }
    }

    private Bootctl() {
    }

    static List<Listed> list(Path espTree, Path scratch) throws Exception {
        Path mnt = Files.createDirectories(scratch.resolve("bootctl-mnt"));
        run(List.of("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mnt.toString()));
        try {
            run(List.of("cp", "-a", espTree + "/.", mnt + "/"));
            ProcessBuilder pb = new ProcessBuilder("bootctl", "--esp-path=" + mnt, "--no-variables", "--no-pager", "list");
            pb.environment().put("SYSTEMD_RELAX_ESP_CHECKS", "1");
            String out = run(pb);
            return parse(out);
        } finally {
            run(List.of("umount", mnt.toString()));
        }
    }

    static List<Listed> parse(String out) {
        List<Listed> entries = new ArrayList<>();
        String title = null;
        String source = null;
        Integer left = null;
        Integer done = null;
        String type = null;
        String version = null;
        String options = null;
        for (String line : (out + "\n\n").split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty()) {
                if (title != null) {
                    entries.add(new Listed(title.replace(" (default)", "").replace(" (not reported/new)", "").strip(), source,
                            title.contains("(default)"), left, done, type, version, options));
                }
                title = null;
                source = null;
                left = null;
                done = null;
                type = null;
                version = null;
                options = null;
            } else if (l.startsWith("type:")) {
                type = l.substring(5).strip();
            } else if (l.startsWith("version:")) {
                version = l.substring(8).strip();
            } else if (l.startsWith("options:")) {
                options = l.substring(8).strip();
            } else if (l.startsWith("title:")) {
                title = l.substring(6).strip();
            } else if (l.startsWith("source:")) {
                source = l.substring(7).strip();
            } else if (l.startsWith("tries:")) {
                String[] p = l.substring(6).strip().split("[ ;]+");
                left = Integer.parseInt(p[0]);
                done = Integer.parseInt(p[2]);
            }
        }
        return entries;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        return run(new ProcessBuilder(cmd));
    }

    private static String run(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", pb.command(), out).isZero();
        return out;
    }

    static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
