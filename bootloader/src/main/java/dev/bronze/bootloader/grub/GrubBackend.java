package dev.bronze.bootloader.grub;

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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GRUB (UEFI or legacy BIOS) reading kernels from the ESP. State lives in {@code grub/grub.cfg}
 * (rewritten whole through a temporary file and a rename) and the trial's try counter in
 * {@code grub/grubenv} (see {@link GrubConfig}).
 */
public final class GrubBackend implements AbBackend {

    public static final String CFG = "grub/grub.cfg";
    public static final String ENV = "grub/grubenv";
    static final int MAX_CFG = 256 * 1024;

    private final EspFiles esp;
    private final String name;
    private final Optional<Path> efiCoreImage;
    private final int timeoutSeconds;

    /**
     * @param name "grub" (UEFI) or "grub-bios"
     * @param efiCoreImage a grub-mkimage core for UEFI, installed as EFI/BOOT/BOOTX64.EFI; empty for BIOS
     *     (the BIOS core goes into the BIOS boot partition)
     */
    public GrubBackend(EspFiles esp, String name, Optional<Path> efiCoreImage, int timeoutSeconds) {
        this.esp = esp;
        this.name = name;
        this.efiCoreImage = efiCoreImage;
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    public String name() {
        return name;
    }

    /** The config GRUB reads: grub.cfg, or grub.cfg.new when a cut left only that (see GrubImage). */
    private Optional<AbState> configState() throws IOException {
        String path = esp.exists(CFG) ? CFG : CFG + ".new";
        if (!esp.exists(path)) {
            return Optional.empty();
        }
        return GrubConfig.parseState(new String(esp.read(path, MAX_CFG), StandardCharsets.UTF_8));
    }

    private Optional<Map<String, String>> env() throws IOException {
        if (!esp.exists(ENV)) {
            return Optional.empty();
        }
        return GrubEnv.decode(esp.read(ENV, 64 * 1024));
    }

    /** Tries left on the armed trial per the environment; 0 when it was never armed or is unreadable. */
    private int triesLeft(AbState cfg) throws IOException {
        Optional<Map<String, String>> env = env();
        if (env.isEmpty() || !Long.toString(cfg.generation()).equals(env.get().get("bronze_gen"))) {
            return 0;
        }
        String t = env.get().getOrDefault("bronze_tries", "");
        return t.matches("[0-9]") ? Integer.parseInt(t) : 0;
    }

    @Override
    public AbState read() throws IOException {
        Optional<AbState> cfg = configState();
        if (cfg.isEmpty()) {
            return new AbState(Map.of(), Slot.A, 0);
        }
        AbState s = cfg.get();
        SlotInfo n = s.slot(s.next());
        if (n.state() == SlotState.TRIAL) {
            int left = triesLeft(s);
            s = s.with(left > 0 ? n.withState(SlotState.TRIAL, left) : n.withState(SlotState.BAD, 0));
        }
        return s;
    }

    @Override
    public Optional<Slot> lastTried() throws IOException {
        Optional<AbState> cfg = configState();
        if (cfg.isEmpty()) {
            return Optional.empty();
        }
        SlotInfo n = cfg.get().slot(cfg.get().next());
        if (n.state() == SlotState.TRIAL && triesLeft(cfg.get()) < n.triesLeft()) {
            return Optional.of(n.slot());
        }
        return Optional.empty();
    }

    @Override
    public void install(SlotInfo a, BootPayload payload) throws IOException {
        requireKernel(payload);
        writeEnv(0, 0);
        writePayload(a.slot(), (BootPayload.Kernel) payload);
        writeConfig(new AbState(Map.of(Slot.A, a), Slot.A, 1));
        esp.sync();
        // The core the firmware starts goes last: a cut before leaves nothing to start (the firmware
        // moves on) rather than a GRUB without its config dropping to a prompt.
        if (efiCoreImage.isPresent()) {
            esp.copyFrom(efiCoreImage.get(), "EFI/BOOT/BOOTX64.EFI");
            esp.sync();
        }
    }

    @Override
    public void upgrade(AbState before, SlotInfo trial, BootPayload payload) throws IOException {
        requireKernel(payload);
        Slot target = trial.slot();
        // 1. A config without the target slot: nothing can boot it while its files change.
        AbState cleared = before.cleared(target);
        writeConfig(cleared);
        // 2. The payload.
        writePayload(target, (BootPayload.Kernel) payload);
        esp.sync();
        // 3. The counter for the new generation (a config of an older generation ignores it).
        long gen = cleared.generation() + 1;
        writeEnv(gen, trial.triesLeft());
        esp.sync();
        // 4. The config that arms the trial.
        writeConfig(cleared.with(trial).withNext(target, gen));
    }

    @Override
    public void confirm(AbState before, Slot slot) throws IOException {
        writeConfig(before.confirmed(slot));
    }

    @Override
    public void reject(AbState before, Slot slot) throws IOException {
        writeConfig(before.rejected(slot));
    }

    @Override
    public void rollback(AbState before, Slot to) throws IOException {
        writeConfig(before.rolledBackTo(to));
    }

    private void writeConfig(AbState s) throws IOException {
        if (!esp.exists(CFG) && esp.exists(CFG + ".new")) {
            // An earlier change was cut between removing grub.cfg and renaming its successor: the
            // successor is complete and is what GRUB reads now; make it grub.cfg before reusing its name.
            esp.rename(CFG + ".new", CFG);
            esp.sync();
        }
        esp.replaceAtomically(CFG, GrubConfig.render(s, "/" + ENV, timeoutSeconds).getBytes(StandardCharsets.UTF_8));
    }

    private void writeEnv(long gen, int tries) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("bronze_gen", Long.toString(gen));
        vars.put("bronze_tries", Integer.toString(tries));
        // In place and at its fixed size: GRUB's save_env rewrites exactly these sectors.
        esp.write(ENV, GrubEnv.encode(vars, GrubEnv.DEFAULT_SIZE));
    }

    private void writePayload(Slot slot, BootPayload.Kernel k) throws IOException {
        String dir = "bronze/" + slot.name();
        esp.copyFrom(k.kernel(), dir + "/vmlinuz");
        esp.copyFrom(k.initrd(), dir + "/initrd");
    }

    private static void requireKernel(BootPayload p) {
        if (!(p instanceof BootPayload.Kernel)) {
            throw new BootloaderException(dev.bronze.hardware.ExitCode.USAGE,
                    "GRUB boots a kernel and an initrd (--kernel, --initrd); use --bootloader sd-boot for a UKI");
        }
    }
}
