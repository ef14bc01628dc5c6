package dev.bronze.installer.powercut;

import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.esp.EspFiles;
import dev.bronze.bootloader.sdboot.LoaderEntry;
import dev.bronze.bootloader.sdboot.SdBootBackend;
import dev.bronze.bootloader.uki.UkiImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * systemd-boot 252 over both entry types, from its documented behaviour (boot.c
 * {@code config_entry_compare}, {@code config_default_entry_select}): Type #1 entries from
 * {@code loader/entries/*.conf} and Type #2 UKIs from {@code EFI/Linux/*.efi} (listed only with an
 * {@code .osrel}; sort key {@code IMAGE_ID} or {@code ID}, version {@code IMAGE_VERSION},
 * {@code VERSION}, {@code VERSION_ID}), sorted bad last, entries with a sort key first, sort key
 * ascending, version descending, id descending; then loader.conf's {@code default} glob matched
 * against the ids as 252 forms them (lower case, counter included), first match in that order,
 * else the first entry. UKI headers are read with Bronze's section reader, which
 * {@code UkiImageTest} checks against objdump.
 */
final class SdBootTypesModel {

    private static final Pattern COUNTED = Pattern.compile("(.*)\\+(\\d+)(?:-(\\d+))?\\.(conf|efi)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SLOT = Pattern.compile("bronze-\\d{5}-([ab])[+.].*");

    private SdBootTypesModel() {
    }

    record E(String id, boolean bad, boolean counted, String sortKey, String version, Slot slot, boolean intact) {
    }

    /** Expected bytes per version: for a UKI the whole file; for a kernel entry, kernel and initrd. */
    static BootModel.Verdict verdict(EspFiles esp, BootModel.Payloads kernels, java.util.function.Function<String, Optional<byte[]>> ukis)
            throws IOException {
        List<E> entries = new ArrayList<>();
        for (String f : esp.list(SdBootBackend.ENTRIES)) {
            if (!f.toLowerCase(Locale.ROOT).endsWith(".conf") || f.startsWith(".")) {
                continue;
            }
            LoaderEntry e = LoaderEntry.parse(esp.read(SdBootBackend.ENTRIES + "/" + f, 1 << 16));
            if (e.linux() == null || !esp.exists(e.linux().substring(1))) {
                continue;
            }
            String dir = e.linux().substring(1, e.linux().lastIndexOf('/'));
            entries.add(entry(f, null, e.version(), BootModel.intact(esp, dir, e.version(), kernels)));
        }
        for (String f : esp.list(SdBootBackend.LINUX)) {
            if (!f.toLowerCase(Locale.ROOT).endsWith(".efi") || f.startsWith(".") || f.toLowerCase(Locale.ROOT).startsWith("auto-")) {
                continue;
            }
            UkiImage u;
            try {
                u = SdBootBackend.readUki(esp, SdBootBackend.LINUX + "/" + f);
            } catch (RuntimeException | IOException notAUki) {
                continue; // sd-boot skips files whose PE sections it cannot locate
            }
            if (u.section(".osrel").isEmpty()) {
                continue;
            }
            var os = u.osRelease();
            String key = os.getOrDefault("IMAGE_ID", os.get("ID"));
            String version = os.getOrDefault("IMAGE_VERSION", os.getOrDefault("VERSION", os.get("VERSION_ID")));
            Optional<byte[]> want = ukis.apply(version);
            boolean intact = want.isPresent() && Arrays.equals(esp.read(SdBootBackend.LINUX + "/" + f, 64 << 20), want.get());
            entries.add(entry(f, key, version, intact));
        }
        if (entries.isEmpty()) {
            return new BootModel.Verdict(Optional.empty(), false, false, "no bootable entry");
        }
        entries.sort(SdBootTypesModel::compare);
        E first = entries.get(0);
        Optional<String> glob = defaultGlob(esp);
        if (glob.isPresent()) {
            var m = FileSystems.getDefault().getPathMatcher("glob:" + glob.get().toLowerCase(Locale.ROOT));
            first = entries.stream().filter(e -> m.matches(Path.of(e.id()))).findFirst().orElse(first);
        }
        boolean goodIntact = entries.stream().anyMatch(e -> !e.counted() && e.intact());
        boolean firstOk = first.intact() || (first.counted() && !first.bad());
        return new BootModel.Verdict(Optional.ofNullable(first.slot()), firstOk, goodIntact, first.id() + glob.map(g -> " (default " + g + ")").orElse(""));
    }

    private static E entry(String file, String sortKey, String version, boolean intact) {
        String id = file.toLowerCase(Locale.ROOT);
        Matcher m = COUNTED.matcher(file);
        boolean counted = m.matches();
        boolean bad = counted && Integer.parseInt(m.group(2)) == 0;
        Matcher s = SLOT.matcher(id);
        return new E(id, bad, counted, sortKey, version, s.matches() ? Slot.parse(s.group(1)) : null, intact);
    }

    static int compare(E a, E b) {
        int r = Boolean.compare(a.bad(), b.bad());
        if (r != 0) {
            return r;
        }
        r = Boolean.compare(a.sortKey() == null, b.sortKey() == null);
        if (r != 0) {
            return r;
        }
        if (a.sortKey() != null) {
            r = a.sortKey().compareTo(b.sortKey());
            if (r != 0) {
                return r;
            }
            r = -versionCompare(a.version(), b.version());
            if (r != 0) {
                return r;
            }
        }
        return -versionCompare(a.id(), b.id());
    }

    /** UAPI.10 for what the tests use: digit runs compare as numbers, everything else as characters. */
    static int versionCompare(String a, String b) {
        a = a == null ? "" : a;
        b = b == null ? "" : b;
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int i2 = i;
                int j2 = j;
                while (i2 < a.length() && Character.isDigit(a.charAt(i2))) {
                    i2++;
                }
                while (j2 < b.length() && Character.isDigit(b.charAt(j2))) {
                    j2++;
                }
                int r = new java.math.BigInteger(a.substring(i, i2)).compareTo(new java.math.BigInteger(b.substring(j, j2)));
                if (r != 0) {
                    return r;
                }
                i = i2;
                j = j2;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    static Optional<String> defaultGlob(EspFiles esp) throws IOException {
        if (!esp.exists(SdBootBackend.LOADER_CONF)) {
            return Optional.empty();
        }
        for (String line : new String(esp.read(SdBootBackend.LOADER_CONF, 1 << 16), StandardCharsets.UTF_8).split("\n")) {
            String l = line.strip();
            if (l.startsWith("default ")) {
                return Optional.of(l.substring(8).strip());
            }
        }
        return Optional.empty();
    }
}
