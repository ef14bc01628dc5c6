package dev.bronze.hardware.modalias;

import dev.bronze.hardware.HardwareException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the text files depmod and the kernel build leave in {@code lib/modules/VERSION}:
 * {@code modules.dep}, {@code modules.order}, {@code modules.alias}, {@code modules.symbols},
 * {@code modules.builtin} and {@code modules.builtin.modinfo}. The {@code .bin} indexes are not
 * needed: {@link AliasIndex} rebuilds them. Every file is size-capped and every bad line is named.
 */
public final class ModuleTreeReader {

    /** Real files are a few MiB (modules.builtin.modinfo of a distribution kernel is ~1 MiB). */
    static final long MAX_FILE_BYTES = 64L << 20;

    private ModuleTreeReader() {
    }

    /** Reads {@code dir} (a {@code lib/modules/VERSION} folder). */
    public static ModuleCatalog read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new HardwareException("modules directory " + dir + " does not exist");
        }
        Optional<String> alias = text(dir.resolve("modules.alias"));
        if (alias.isEmpty()) {
            String hint = Files.exists(dir.resolve("modules.alias.bin")) || Files.exists(dir.resolve("modules.order"))
                    ? "; run depmod -b ROOT VERSION to create it" : "";
            throw new HardwareException("no modules.alias in " + dir + hint);
        }
        List<String> modules = new ArrayList<>();
        Optional<String> dep = text(dir.resolve("modules.dep"));
        Optional<String> order = text(dir.resolve("modules.order"));
        if (dep.isPresent()) {
            modules.addAll(parseDep(dep.get(), dir.resolve("modules.dep")));
        } else if (order.isPresent()) {
            modules.addAll(parseOrder(order.get()));
        }
        List<ModuleCatalog.Alias> aliases = parseAliases(alias.get(), dir.resolve("modules.alias"));
        List<ModuleCatalog.Alias> symbols = text(dir.resolve("modules.symbols"))
                .map(t -> parseAliases(t, dir.resolve("modules.symbols"))).orElse(List.of());
        Set<String> known = new LinkedHashSet<>(modules);
        for (ModuleCatalog.Alias a : aliases) {
            known.add(a.module()); // a module without modules.dep/order still resolves, ranked after the rest
        }
        Set<String> builtin = new LinkedHashSet<>();
        text(dir.resolve("modules.builtin")).ifPresent(t -> builtin.addAll(parseOrder(t)));
        List<ModuleCatalog.Alias> builtinAliases = new ArrayList<>();
        bytes(dir.resolve("modules.builtin.modinfo")).ifPresent(b -> {
            BuiltinModinfo info = BuiltinModinfo.parse(b);
            builtinAliases.addAll(info.aliases());
            if (builtin.isEmpty()) {
                builtin.addAll(info.modules());
            }
        });
        return new ModuleCatalog(List.copyOf(known), aliases, symbols, List.copyOf(builtin), builtinAliases);
    }

    /** {@code path: dep dep ...} lines; the module names in line order. */
    static List<String> parseDep(String text, Path file) {
        List<String> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HardwareException(file + " line " + lineNo + ": expected 'path: deps', got '" + clip(line) + "'");
            }
            out.add(KmodNames.moduleNameOfPath(line.substring(0, colon).strip()));
        }
        return out;
    }

    /** One module path per line (modules.order, modules.builtin). */
    static List<String> parseOrder(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(KmodNames.moduleNameOfPath(l));
            }
        }
        return out;
    }

    /** {@code alias PATTERN MODULE} lines (modules.alias, modules.symbols). */
    static List<ModuleCatalog.Alias> parseAliases(String text, Path file) {
        List<ModuleCatalog.Alias> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("[ \t]+");
            if (f.length != 3 || !f[0].equals("alias")) {
                throw new HardwareException(file + " line " + lineNo + ": expected 'alias PATTERN MODULE', got '" + clip(l) + "'");
            }
            out.add(new ModuleCatalog.Alias(f[1], KmodNames.normalizeModuleName(f[2])));
        }
        return out;
    }

    static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static Optional<String> text(Path p) {
        return bytes(p).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static Optional<byte[]> bytes(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (b.length > MAX_FILE_BYTES) {
                throw new HardwareException(p + " is larger than " + (MAX_FILE_BYTES >> 20) + " MiB: not a module index");
            }
            return Optional.of(b);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new HardwareException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
