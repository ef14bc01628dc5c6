package dev.bronze.installer.powercut;

import dev.bronze.bootloader.ab.AbState;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.esp.EspFiles;
import dev.bronze.bootloader.grub.GrubBackend;
import dev.bronze.bootloader.grub.GrubConfig;
import dev.bronze.bootloader.grub.GrubEnv;
import dev.bronze.bootloader.sdboot.LoaderEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the firmware and bootloader would do with an ESP, written from their documented behaviour
 * rather than from Bronze's own state readers: systemd-boot's entry sorting and boot counting,
 * GRUB's early config and the digit table of Bronze's grub.cfg. The verdict says which slot boots
 * by default and whether a known-good slot with intact files is there to come back to.
 */
final class BootModel {

    /** The outcome: what boots first and whether it, and a known-good fallback, are intact. */
    record Verdict(Optional<Slot> first, boolean firstIntact, boolean goodIntact, String why) {
        boolean bootable() {
            return first.isPresent() && firstIntact && goodIntact;
        }
    }

    /** Expected payload bytes per version (kernel, initrd). */
    interface Payloads extends Function<String, Optional<byte[][]>> {
    }

    private BootModel() {
    }

    static boolean intact(EspFiles esp, String dir, String version, Payloads payloads) throws IOException {
        Optional<byte[][]> want = payloads.apply(version);
        if (want.isEmpty() || !esp.exists(dir + "/vmlinuz") || !esp.exists(dir + "/initrd")) {
            return false;
        }
        return Arrays.equals(esp.read(dir + "/vmlinuz", 64 << 20), want.get()[0])
                && Arrays.equals(esp.read(dir + "/initrd", 64 << 20), want.get()[1]);
    }

    private static final Pattern COUNTED = Pattern.compile("(.*)\\+(\\d+)(?:-(\\d+))?\\.conf", Pattern.CASE_INSENSITIVE);

    /** systemd-boot: entries with no tries left last, then entry id descending; a pinned default is not used. */
    static Verdict sdBoot(EspFiles esp, Payloads payloads) throws IOException {
        record E(String id, boolean bad, boolean counted, LoaderEntry entry) {
        }
        List<E> entries = new ArrayList<>();
        for (String f : esp.list("loader/entries")) {
            if (!f.toLowerCase().endsWith(".conf") || f.startsWith(".")) {
                continue;
            }
            LoaderEntry e = LoaderEntry.parse(esp.read("loader/entries/" + f, 1 << 16));
            if (e.linux() == null || !esp.exists(e.linux().substring(1))) {
                continue; // sd-boot drops entries whose kernel is missing
            }
            Matcher m = COUNTED.matcher(f);
            boolean counted = m.matches();
            boolean bad = counted && Integer.parseInt(m.group(2)) == 0;
            entries.add(new E((counted ? m.group(1) : f.substring(0, f.length() - 5)).toLowerCase(), bad, counted, e));
        }
        entries.sort(Comparator.comparing(E::bad).thenComparing(E::id, Comparator.reverseOrder()));
        if (entries.isEmpty()) {
            return new Verdict(Optional.empty(), false, false, "no bootable entry");
        }
        E first = entries.get(0);
        boolean firstIntact = intact(esp, dir(first.entry().linux()), first.entry().version(), payloads);
        boolean goodIntact = false;
        for (E e : entries) {
            if (!e.counted() && intact(esp, dir(e.entry().linux()), e.entry().version(), payloads)) {
                goodIntact = true;
            }
        }
        // A trial whose files are not intact is counted down by sd-boot before it starts: what matters
        // then is the good entry behind it.
        boolean firstOk = firstIntact || (first.counted() && !first.bad());
        return new Verdict(Optional.of(slotOf(first.entry())), firstOk, goodIntact, first.id());
    }

    /** GRUB with Bronze's early config: grub.cfg, else grub.cfg.new; the default, or the trial when its counter allows. */
    static Verdict grub(EspFiles esp, Payloads payloads) throws IOException {
        String path = esp.exists(GrubBackend.CFG) ? GrubBackend.CFG : GrubBackend.CFG + ".new";
        if (!esp.exists(path)) {
            return new Verdict(Optional.empty(), false, false, "no grub.cfg");
        }
        String cfg = new String(esp.read(path, 1 << 20), StandardCharsets.UTF_8);
        Optional<AbState> st = GrubConfig.parseState(cfg);
        Matcher dm = Pattern.compile("(?m)^set default=bronze-([AB])$").matcher(cfg);
        if (st.isEmpty() || !dm.find()) {
            return new Verdict(Optional.empty(), false, false, "grub.cfg is not Bronze's or has no default");
        }
        Slot dflt = Slot.parse(dm.group(1));
        Slot boots = dflt;
        Matcher tg = Pattern.compile("(?m)^set bronze_trial_gen=(\\d+)$").matcher(cfg);
        if (tg.find() && esp.exists(GrubBackend.ENV)) {
            Optional<Map<String, String>> env = GrubEnv.decode(esp.read(GrubBackend.ENV, 1 << 16));
            if (env.isPresent() && tg.group(1).equals(env.get().get("bronze_gen"))
                    && env.get().getOrDefault("bronze_tries", "").matches("[1-9]")) {
                boots = st.get().next();
            }
        }
        AbState s = st.get();
        boolean firstIntact = intact(esp, "bronze/" + boots.name(), s.slot(boots).version(), payloads);
        boolean goodIntact = s.slot(dflt).state() == SlotState.GOOD
                && intact(esp, "bronze/" + dflt.name(), s.slot(dflt).version(), payloads);
        // A trial that GRUB cannot load falls back (set fallback) to the good default.
        boolean firstOk = firstIntact || boots != dflt;
        return new Verdict(Optional.of(boots), firstOk, goodIntact, "default " + dflt + ", boots " + boots);
    }

    /**
     * The Raspberry Pi firmware on a normal (not tryboot) boot: config.txt's {@code [all]}
     * {@code os_prefix} names the directory the kernel, initramfs and cmdline.txt come from; without
     * a config.txt nothing Bronze installed boots. Intact means the files equal some payload we wrote.
     */
    static Verdict rpi(EspFiles boot, Payloads payloads, List<String> versions) throws IOException {
        if (!boot.exists("config.txt")) {
            return new Verdict(Optional.empty(), false, false, "no config.txt");
        }
        String section = "[all]";
        String prefix = null;
        for (String line : new String(boot.read("config.txt", 1 << 16), StandardCharsets.US_ASCII).split("\n")) {
            String l = line.strip();
            if (l.startsWith("[")) {
                section = l;
            } else if (section.equals("[all]") && l.startsWith("os_prefix=")) {
                prefix = l.substring("os_prefix=".length());
            }
        }
        if (prefix == null || prefix.length() < 2) {
            return new Verdict(Optional.empty(), false, false, "config.txt has no os_prefix");
        }
        String dir = prefix.substring(0, prefix.length() - 1);
        boolean intact = false;
        for (String v : versions) {
            intact |= intact(boot, dir, v, payloads);
        }
        boolean cmdline = boot.exists(dir + "/cmdline.txt");
        return new Verdict(Optional.ofNullable(Slot.parse(dir)), intact && cmdline, intact && cmdline, "os_prefix " + prefix);
    }

    private static String dir(String linuxPath) {
        String p = linuxPath.startsWith("/") ? linuxPath.substring(1) : linuxPath;
        return p.substring(0, p.lastIndexOf('/'));
    }

    private static Slot slotOf(LoaderEntry e) {
        return e.options().stream().filter(o -> o.startsWith("bronze.slot=")).map(o -> Slot.parse(o.substring(12)))
                .findFirst().orElse(null);
    }
}
