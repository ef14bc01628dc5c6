package dev.bronze.bootloader.sdboot;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.bootloader.ab.AbBackend;
import dev.bronze.bootloader.ab.AbState;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotInfo;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.esp.EspFiles;
import dev.bronze.bootloader.uki.UkiImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * systemd-boot with Boot Loader Specification entries and automatic boot assessment: a kernel and
 * initrd as a Type #1 entry ({@code loader/entries/bronze-*.conf}), a unified kernel image as a
 * Type #2 entry ({@code EFI/Linux/bronze-*.efi}, the UKI itself).
 *
 * <p>Every A/B state is expressed by entry file names (see {@link EntryName}); every change is a
 * rename on the ESP, except an upgrade, which removes the target slot's entry before touching its
 * files and adds the new entry last, under a temporary name renamed into place.
 *
 * <p>Type #2 entries take their sort key ({@code IMAGE_ID}/{@code ID}) and version from the UKI's
 * {@code .osrel}, and systemd-boot orders by those before the entry id, so between two UKIs (or a
 * UKI and a Type #1 entry) the names alone cannot say which boots next. While a Type #2 entry is on
 * the ESP, {@code loader.conf} therefore also names the next entry with a {@code default} glob that
 * can never select a bad entry: {@code bronze-GGGGG-s.*} for a known-good entry (only Bronze
 * gives it a counter again, and it moves the glob first), {@code bronze-GGGGG-s+[1-9]-*} for a
 * trial, which stops matching when systemd-boot counts it down to {@code +0} (systemd#15667 is the
 * trap this avoids). systemd-boot from 258 on strips counters from entry ids, so there a trial's
 * glob matches nothing and the order is sd-boot's own (the trial boots first when its version sorts
 * first); known-good states are exact on every version.
 */
public final class SdBootBackend implements AbBackend {

    public static final String ENTRIES = "loader/entries";
    public static final String LINUX = "EFI/Linux";
    public static final String LOADER_CONF = "loader/loader.conf";
    static final int MAX_ENTRY_BYTES = 64 * 1024;

    private final EspFiles esp;
    private final Path bootloaderEfi;
    private final String arch;
    private final int timeoutSeconds;

    /**
     * @param bootloaderEfi the systemd-boot binary to install (Debian: /usr/lib/systemd/boot/efi/systemd-bootx64.efi)
     * @param arch "x64" or "aa64", for the removable-media path EFI/BOOT/BOOTX64.EFI / BOOTAA64.EFI
     */
    public SdBootBackend(EspFiles esp, Path bootloaderEfi, String arch, int timeoutSeconds) {
        this.esp = esp;
        this.bootloaderEfi = bootloaderEfi;
        this.arch = arch;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Reads entries only: no bootloader binary is needed to inspect or change state. */
    public static SdBootBackend forState(EspFiles esp) {
        return new SdBootBackend(esp, null, "x64", 0);
    }

    @Override
    public String name() {
        return "sd-boot";
    }

    /** One of Bronze's entries: its name and what it boots. */
    record Found(EntryName name, String version, SlotInfo.PayloadKind payload, List<String> cmdline) {
    }

    /** Bronze's entries of both types, the newest generation per slot. */
    Map<Slot, Found> entries() throws IOException {
        Map<Slot, EntryName> names = new EnumMap<>(Slot.class);
        for (EntryName.Kind kind : EntryName.Kind.values()) {
            for (String f : esp.list(kind.dir())) {
                Optional<EntryName> n = EntryName.parse(f, kind);
                if (n.isEmpty()) {
                    continue;
                }
                EntryName prev = names.get(n.get().slot());
                if (prev == null || n.get().generation() > prev.generation()) {
                    names.put(n.get().slot(), n.get());
                }
            }
        }
        Map<Slot, Found> found = new EnumMap<>(Slot.class);
        for (Map.Entry<Slot, EntryName> e : names.entrySet()) {
            found.put(e.getKey(), load(e.getValue()));
        }
        return found;
    }

    private Found load(EntryName n) throws IOException {
        if (n.kind() == EntryName.Kind.TYPE2) {
            UkiImage uki = readUki(esp, n.path());
            return new Found(n, uki.version().orElse(null), SlotInfo.PayloadKind.UKI, uki.cmdlineWords());
        }
        LoaderEntry le = LoaderEntry.parse(esp.read(n.path(), MAX_ENTRY_BYTES));
        return new Found(n, le.version(), le.kind(), le.options());
    }

    /** Reads a UKI's headers and text sections from the ESP, never its kernel. */
    public static UkiImage readUki(EspFiles esp, String path) throws IOException {
        return UkiImage.parse(path + " on " + esp.describe(), new UkiImage.Source() {
            @Override
            public long size() throws IOException {
                return esp.size(path);
            }

            @Override
            public byte[] read(long offset, int length) throws IOException {
                return esp.readRange(path, offset, length);
            }
        });
    }

    @Override
    public AbState read() throws IOException {
        Map<Slot, Found> found = entries();
        Map<Slot, SlotInfo> slots = new EnumMap<>(Slot.class);
        long maxGen = 0;
        for (Map.Entry<Slot, Found> e : found.entrySet()) {
            EntryName n = e.getValue().name();
            SlotState st;
            int tries = 0;
            if (n.counter().isEmpty()) {
                st = SlotState.GOOD;
            } else if (n.counter().get().left() > 0) {
                st = SlotState.TRIAL;
                tries = Math.min(9, n.counter().get().left());
            } else {
                st = SlotState.BAD;
            }
            slots.put(e.getKey(), new SlotInfo(e.getKey(), e.getValue().version(), st, tries, e.getValue().payload(),
                    e.getValue().cmdline()));
            maxGen = Math.max(maxGen, n.generation());
        }
        return new AbState(slots, next(found).map(f -> f.name().slot()).orElse(Slot.A), maxGen);
    }

    /** The entry that boots next: the newest that is not bad, else the newest. */
    private static Optional<Found> next(Map<Slot, Found> found) {
        Optional<Found> good = found.values().stream().filter(f -> !f.name().isBad())
                .max((x, y) -> Long.compare(x.name().generation(), y.name().generation()));
        return good.isPresent() ? good
                : found.values().stream().max((x, y) -> Long.compare(x.name().generation(), y.name().generation()));
    }

    @Override
    public Optional<Slot> lastTried() throws IOException {
        for (Found f : entries().values()) {
            if (f.name().counter().isPresent() && f.name().counter().get().done() > 0) {
                return Optional.of(f.name().slot());
            }
        }
        return Optional.empty();
    }

    @Override
    public void install(SlotInfo a, BootPayload payload) throws IOException {
        if (bootloaderEfi == null || !Files.isRegularFile(bootloaderEfi)) {
            throw new BootloaderException("systemd-boot binary not found at " + bootloaderEfi
                    + " (Debian package systemd-boot-efi; or pass its path)");
        }
        EntryName first = new EntryName(1, a.slot(), Optional.empty(), kindOf(payload));
        // No pinned default for Type #1: a pinned default wins over a bad entry (systemd#15667); order
        // comes from names. A UKI gets the glob that class comment explains.
        esp.write(LOADER_CONF, loaderConf(Optional.of(first).filter(n -> n.kind() == EntryName.Kind.TYPE2).map(SdBootBackend::glob)));
        esp.write("loader/entries.srel", "type1\n".getBytes(StandardCharsets.US_ASCII));
        for (EntryName.Kind kind : EntryName.Kind.values()) {
            for (String f : esp.list(kind.dir())) {
                if (EntryName.parse(f, kind).isPresent()) {
                    esp.delete(kind.dir() + "/" + f);
                }
            }
        }
        writeEntry(first, a, payload);
        esp.sync();
        // The binary the firmware starts goes last: until it is there, the firmware finds nothing to
        // start on this disk and moves on to its next boot option (a cut install never stops in an
        // empty systemd-boot menu), and status calls the disk an incomplete install.
        esp.copyFrom(bootloaderEfi, "EFI/systemd/systemd-boot" + arch.toLowerCase(Locale.ROOT) + ".efi");
        esp.copyFrom(bootloaderEfi, "EFI/BOOT/BOOT" + arch.toUpperCase(Locale.ROOT) + ".EFI");
        esp.sync();
    }

    @Override
    public void upgrade(AbState before, SlotInfo trial, BootPayload payload) throws IOException {
        Slot target = trial.slot();
        // 1. The target's entry goes first, so no entry ever points at half-written files.
        removeEntries(target);
        esp.sync();
        // 2. The trial entry (a Type #1 entry with its kernel and initrd, or the UKI itself), under a
        //    temporary name renamed into place: it exists whole or not at all. The default glob moves
        //    to it just before that rename, so the firmware never tries an entry Bronze does not call next.
        long gen = nextGeneration(before);
        writeEntry(new EntryName(gen, target, Optional.of(new EntryName.Counter(trial.triesLeft(), 0)), kindOf(payload)), trial,
                payload);
        esp.sync();
    }

    @Override
    public void confirm(AbState before, Slot slot) throws IOException {
        Found f = require(slot);
        renameEntry(f.name(), f.name().withCounter(Optional.empty()));
    }

    @Override
    public void reject(AbState before, Slot slot) throws IOException {
        Found f = require(slot);
        int done = f.name().counter().map(EntryName.Counter::done).orElse(0);
        renameEntry(f.name(), f.name().withCounter(Optional.of(new EntryName.Counter(0, done))));
    }

    @Override
    public void rollback(AbState before, Slot to) throws IOException {
        Found f = require(to);
        renameEntry(f.name(), f.name().withGeneration(nextGeneration(before)));
    }

    private long nextGeneration(AbState before) {
        long g = before.generation() + 1;
        if (g > EntryName.MAX_GENERATION) {
            throw new BootloaderException("entry generation would pass " + EntryName.MAX_GENERATION
                    + "; reinstall the bootloader to renumber");
        }
        return g;
    }

    private Found require(Slot slot) throws IOException {
        Found f = entries().get(slot);
        if (f == null) {
            throw new BootloaderException("slot " + slot + " has no loader entry on " + esp.describe());
        }
        return f;
    }

    /**
     * One rename; then the default glob follows (a cut in between leaves a glob that matches
     * nothing or a known-good entry, and the next change of state rewrites it).
     */
    private void renameEntry(EntryName from, EntryName to) throws IOException {
        if (!from.fileName().equals(to.fileName())) {
            esp.rename(from.path(), to.path());
        }
        esp.sync();
        updateDefault(entries());
    }

    private void removeEntries(Slot slot) throws IOException {
        for (EntryName.Kind kind : EntryName.Kind.values()) {
            for (String f : esp.list(kind.dir())) {
                Optional<EntryName> n = EntryName.parse(f, kind);
                if (n.isPresent() && n.get().slot() == slot) {
                    esp.delete(kind.dir() + "/" + f);
                }
            }
        }
    }

    static String slotDir(Slot s) {
        return "bronze/" + s.name();
    }

    private static EntryName.Kind kindOf(BootPayload payload) {
        return payload instanceof BootPayload.Uki ? EntryName.Kind.TYPE2 : EntryName.Kind.TYPE1;
    }

    private void writeEntry(EntryName name, SlotInfo info, BootPayload payload) throws IOException {
        String dir = slotDir(info.slot());
        String tmp = name.path() + ".tmp";
        if (payload instanceof BootPayload.Kernel k) {
            esp.copyFrom(k.kernel(), dir + "/vmlinuz");
            esp.copyFrom(k.initrd(), dir + "/initrd");
            LoaderEntry e = new LoaderEntry(title(info), info.version(), "/" + dir + "/vmlinuz", List.of("/" + dir + "/initrd"),
                    null, info.cmdline());
            esp.write(tmp, e.render().getBytes(StandardCharsets.UTF_8));
        } else if (payload instanceof BootPayload.Uki u) {
            // The UKI is the entry. The slot's Type #1 files, if it had any, go: nothing names them now.
            esp.delete(dir + "/vmlinuz");
            esp.delete(dir + "/initrd");
            esp.delete(dir + "/uki.efi");
            esp.copyFrom(u.uki(), tmp);
        }
        esp.sync();
        Map<Slot, Found> after = new EnumMap<>(entries());
        after.put(name.slot(), new Found(name, info.version(), info.payload(), info.cmdline()));
        updateDefault(after);
        esp.rename(tmp, name.path());
    }

    /** Rewrites loader.conf's {@code default} for the state {@code found} describes, when it changes. */
    private void updateDefault(Map<Slot, Found> found) throws IOException {
        boolean type2 = found.values().stream().anyMatch(f -> f.name().kind() == EntryName.Kind.TYPE2);
        Optional<String> glob = type2 ? next(found).filter(f -> !f.name().isBad()).map(f -> glob(f.name())) : Optional.empty();
        byte[] want = loaderConf(glob);
        byte[] have = esp.exists(LOADER_CONF) ? esp.read(LOADER_CONF, MAX_ENTRY_BYTES) : null;
        if (have == null || !java.util.Arrays.equals(have, withDefault(have, glob))) {
            esp.replaceAtomically(LOADER_CONF, have == null ? want : withDefault(have, glob));
        }
    }

    /** The glob that selects {@code n} while it is bootable and never once it is bad. */
    static String glob(EntryName n) {
        return n.counter().isPresent() ? n.base() + "+[1-9]-*" : n.base() + ".*";
    }

    private byte[] loaderConf(Optional<String> glob) {
        return ("timeout " + timeoutSeconds + "\neditor no\nauto-entries no\nauto-firmware no\n"
                + glob.map(g -> "default " + g + "\n").orElse("")).getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code conf} with its {@code default} line replaced by {@code glob} (or dropped); other lines kept. */
    static byte[] withDefault(byte[] conf, Optional<String> glob) {
        StringBuilder sb = new StringBuilder();
        for (String line : new String(conf, StandardCharsets.UTF_8).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.equals("default") || l.startsWith("default ") || l.startsWith("default\t")) {
                continue;
            }
            sb.append(line).append('\n');
        }
        glob.ifPresent(g -> sb.append("default ").append(g).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String title(SlotInfo info) {
        return "Bronze " + info.version() + " (slot " + info.slot() + ")";
    }

    /** Entry file names of both types, for tests and diagnostics. */
    List<String> entryFiles() throws IOException {
        List<String> out = new ArrayList<>();
        for (EntryName.Kind kind : EntryName.Kind.values()) {
            for (String f : esp.list(kind.dir())) {
                if (EntryName.parse(f, kind).isPresent()) {
                    out.add(kind.dir() + "/" + f);
                }
            }
        }
        return out;
    }
}
