package dev.bronze.hardware.modalias;

import dev.bronze.hardware.HardwareException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code modprobe.d} configuration as libkmod reads it. {@code alias} lines take precedence over
 * every index (kmod looks them up first); {@code blacklist} hides a module from alias resolution;
 * {@code install}/{@code remove} make a name resolvable on their own; {@code softdep} and
 * {@code weakdep} are kept as notes; {@code options} and anything else are ignored.
 *
 * @param aliases {@code alias PATTERN MODULE}, in kmod's order (files by name, lines in order)
 * @param blacklist blacklisted module names
 * @param installCommands module names with an {@code install} command
 * @param removeCommands module names with a {@code remove} command
 * @param softdeps {@code softdep} / {@code weakdep} lines per module, as written
 * @param problems lines kmod would reject, each with file and line number
 */
public record ModprobeConfig(
        List<ModuleCatalog.Alias> aliases,
        Set<String> blacklist,
        Set<String> installCommands,
        Set<String> removeCommands,
        Map<String, List<String>> softdeps,
        List<String> problems) {

    /** libkmod's search path, earlier folders shadowing files of the same name in later ones. */
    public static final List<String> DEFAULT_DIRS = List.of(
            "etc/modprobe.d", "run/modprobe.d", "usr/local/lib/modprobe.d", "usr/lib/modprobe.d", "lib/modprobe.d");

    private static final long MAX_FILE_BYTES = 4L << 20;

    public static final ModprobeConfig EMPTY = new ModprobeConfig(List.of(), Set.of(), Set.of(), Set.of(), Map.of(), List.of());

    public ModprobeConfig {
        aliases = List.copyOf(aliases);
        blacklist = Set.copyOf(blacklist);
        installCommands = Set.copyOf(installCommands);
        removeCommands = Set.copyOf(removeCommands);
        softdeps = Map.copyOf(softdeps);
        problems = List.copyOf(problems);
    }

    /** The configuration of a system root ({@code /} on a live system): kmod's five folders. */
    public static ModprobeConfig load(Path root) {
        List<Path> dirs = new ArrayList<>();
        for (String d : DEFAULT_DIRS) {
            dirs.add(root.resolve(d));
        }
        return loadDirs(dirs);
    }

    /**
     * Reads {@code *.conf} files of several folders the way libkmod does: a file name seen in an
     * earlier folder hides the same name in later ones; the files then are read sorted by name.
     * A path that is a file is read as it is (like {@code modprobe -C FILE}).
     */
    public static ModprobeConfig loadDirs(List<Path> paths) {
        TreeMap<String, Path> files = new TreeMap<>();
        List<Path> plain = new ArrayList<>();
        for (Path dir : paths) {
            if (Files.isRegularFile(dir)) {
                plain.add(dir);
                continue;
            }
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.conf")) {
                for (Path f : ds) {
                    files.putIfAbsent(f.getFileName().toString(), f);
                }
            } catch (IOException e) {
                throw new HardwareException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        Builder b = new Builder();
        for (Path f : plain) {
            b.parse(read(f), f.toString());
        }
        for (Path f : files.values()) {
            b.parse(read(f), f.toString());
        }
        return b.build();
    }

    /** Parses one file's text ({@code name} is used in problem reports). */
    public static ModprobeConfig parse(String text, String name) {
        Builder b = new Builder();
        b.parse(text, name);
        return b.build();
    }

    private static String read(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] b = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (b.length > MAX_FILE_BYTES) {
                throw new HardwareException(f + " is larger than 4 MiB: not a modprobe.d file");
            }
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HardwareException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static final class Builder {
        final List<ModuleCatalog.Alias> aliases = new ArrayList<>();
        final Set<String> blacklist = new LinkedHashSet<>();
        final Set<String> install = new LinkedHashSet<>();
        final Set<String> remove = new LinkedHashSet<>();
        final Map<String, List<String>> softdeps = new TreeMap<>();
        final List<String> problems = new ArrayList<>();

        void parse(String text, String name) {
            // kmod joins a line ending in a backslash with the next one.
            String joined = text.replace("\\\n", "");
            int lineNo = 0;
            for (String raw : joined.split("\n", -1)) {
                lineNo++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] t = line.split("[ \t]+");
                String cmd = t[0];
                switch (cmd) {
                    case "alias" -> {
                        var pattern = t.length >= 3 ? KmodNames.normalizeAlias(t[1]) : java.util.Optional.<String>empty();
                        var module = t.length >= 3 ? KmodNames.normalizeAlias(t[2]) : java.util.Optional.<String>empty();
                        if (pattern.isEmpty() || module.isEmpty()) {
                            problems.add(name + " line " + lineNo + ": expected 'alias PATTERN MODULE'");
                        } else {
                            aliases.add(new ModuleCatalog.Alias(pattern.get(), module.get()));
                        }
                    }
                    case "blacklist" -> {
                        if (t.length < 2) {
                            problems.add(name + " line " + lineNo + ": expected 'blacklist MODULE'");
                        } else {
                            blacklist.add(KmodNames.normalizeModuleName(t[1]));
                        }
                    }
                    case "install", "remove" -> {
                        if (t.length < 3) {
                            problems.add(name + " line " + lineNo + ": expected '" + cmd + " MODULE COMMAND...'");
                        } else {
                            (cmd.equals("install") ? install : remove).add(KmodNames.normalizeModuleName(t[1]));
                        }
                    }
                    case "softdep", "weakdep" -> {
                        if (t.length < 3) {
                            problems.add(name + " line " + lineNo + ": expected '" + cmd + " MODULE ...'");
                        } else {
                            softdeps.computeIfAbsent(KmodNames.normalizeModuleName(t[1]), k -> new ArrayList<>()).add(line);
                        }
                    }
                    case "options", "include", "config" -> {
                        // options change how a module loads, not which one: not our concern here.
                    }
                    default -> problems.add(name + " line " + lineNo + ": unknown command '" + ModuleTreeReader.clip(cmd) + "'");
                }
            }
        }

        ModprobeConfig build() {
            return new ModprobeConfig(aliases, blacklist, install, remove, softdeps, problems);
        }
    }
}
