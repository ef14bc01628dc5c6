package dev.bronze.bootloader.sdboot;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.bootloader.ab.AbBackend;
import dev.bronze.bootloader.ab.AbState;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotInfo;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.esp.EspFiles;
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
 * systemd-boot with Boot Loader Specification entries and automatic boot assessment.
 *
 * <p>Every A/B state is expressed by entry file names alone (see {@link EntryName}); every change
 * is one rename on the ESP, except an upgrade, which removes the target slot's entry before
 * touching its files and adds the new entry last, under a temporary name renamed into place.
 */
public final class SdBootBackend implements AbBackend {

    public static final String ENTRIES = "loader/entries";
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

    record Found(EntryName name, LoaderEntry entry) {
    }

    /** Bronze's entries, newest generation first per slot. */
    Map<Slot, Found> entries() throws IOException {
        Map<Slot, Found> found = new EnumMap<>(Slot.class);
        for (String f : esp.list(ENTRIES)) {
            Optional<EntryName> n = EntryName.parse(f);
            if (n.isEmpty()) {
                continue;
            }
            Found prev = found.get(n.get().slot());
            if (prev != null && prev.name().generation() >= n.get().generation()) {
                continue;
            }
            LoaderEntry e = LoaderEntry.parse(esp.read(ENTRIES + "/" + f, MAX_ENTRY_BYTES));
            found.put(n.get().slot(), new Found(n.get(), e));
        }
        return found;
    }

    @Override
    public AbState read() throws IOException {
        Map<Slot, Found> found = entries();
        Map<Slot, SlotInfo> slots = new EnumMap<>(Slot.class);
        long maxGen = 0;
        Slot next = Slot.A;
        long nextGen = -1;
        for (Map.Entry<Slot, Found> e : found.entrySet()) {
            EntryName n = e.getValue().name();
            LoaderEntry le = e.getValue().entry();
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
            slots.put(e.getKey(), new SlotInfo(e.getKey(), le.version(), st, tries, le.kind(), le.options()));
            maxGen = Math.max(maxGen, n.generation());
            if (!n.isBad() && n.generation() > nextGen) {
                nextGen = n.generation();
                next = e.getKey();
            }
        }
        if (nextGen < 0 && !found.isEmpty()) {
            next = found.values().stream().max((x, y) -> Long.compare(x.name().generation(), y.name().generation()))
                    .orElseThrow().name().slot();
        }
        return new AbState(slots, next, maxGen);
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
        // No 'default': a pinned default wins over a bad entry (systemd#15667); order comes from names.
        esp.write("loader/loader.conf", ("timeout " + timeoutSeconds + "\neditor no\nauto-entries no\nauto-firmware no\n")
                .getBytes(StandardCharsets.US_ASCII));
        esp.write("loader/entries.srel", "type1\n".getBytes(StandardCharsets.US_ASCII));
        for (String f : esp.list(ENTRIES)) {
            if (EntryName.parse(f).isPresent()) {
                esp.delete(ENTRIES + "/" + f);
            }
        }
        writePayload(a.slot(), payload);
        writeEntry(new EntryName(1, a.slot(), Optional.empty()), a);
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
        // 2. The payload.
        writePayload(target, payload);
        esp.sync();
        // 3. The trial entry, under a temporary name renamed into place: it exists whole or not at all.
        long gen = nextGeneration(before);
        writeEntry(new EntryName(gen, target, Optional.of(new EntryName.Counter(trial.triesLeft(), 0))), trial);
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

    private void renameEntry(EntryName from, EntryName to) throws IOException {
        if (!from.fileName().equals(to.fileName())) {
            esp.rename(ENTRIES + "/" + from.fileName(), ENTRIES + "/" + to.fileName());
        }
        esp.sync();
    }

    private void removeEntries(Slot slot) throws IOException {
        for (String f : esp.list(ENTRIES)) {
            Optional<EntryName> n = EntryName.parse(f);
            if (n.isPresent() && n.get().slot() == slot) {
                esp.delete(ENTRIES + "/" + f);
            }
        }
    }

    static String slotDir(Slot s) {
        return "bronze/" + s.name();
    }

    private void writePayload(Slot slot, BootPayload payload) throws IOException {
        String dir = slotDir(slot);
        if (payload instanceof BootPayload.Kernel k) {
            esp.delete(dir + "/uki.efi");
            esp.copyFrom(k.kernel(), dir + "/vmlinuz");
            esp.copyFrom(k.initrd(), dir + "/initrd");
        } else if (payload instanceof BootPayload.Uki u) {
            esp.delete(dir + "/vmlinuz");
            esp.delete(dir + "/initrd");
            esp.copyFrom(u.uki(), dir + "/uki.efi");
        }
    }

    private void writeEntry(EntryName name, SlotInfo info) throws IOException {
        String dir = "/" + slotDir(info.slot());
        LoaderEntry e = info.payload() == SlotInfo.PayloadKind.UKI
                ? new LoaderEntry(title(info), info.version(), null, List.of(), dir + "/uki.efi", info.cmdline())
                : new LoaderEntry(title(info), info.version(), dir + "/vmlinuz", List.of(dir + "/initrd"), null, info.cmdline());
        String tmp = ENTRIES + "/" + name.fileName() + ".tmp";
        esp.write(tmp, e.render().getBytes(StandardCharsets.UTF_8));
        esp.sync();
        esp.rename(tmp, ENTRIES + "/" + name.fileName());
    }

    private static String title(SlotInfo info) {
        return "Bronze " + info.version() + " (slot " + info.slot() + ")";
    }

    /** Entry file names, for tests and diagnostics. */
    List<String> entryFiles() throws IOException {
        List<String> out = new ArrayList<>();
        for (String f : esp.list(ENTRIES)) {
            if (EntryName.parse(f).isPresent()) {
                out.add(f);
            }
        }
        return out;
    }
}
