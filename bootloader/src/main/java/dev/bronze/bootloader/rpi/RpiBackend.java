package dev.bronze.bootloader.rpi;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.bootloader.ab.AbBackend;
import dev.bronze.bootloader.ab.AbState;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotInfo;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.esp.EspFiles;
import dev.bronze.hardware.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Raspberry Pi A/B through the firmware's tryboot (see {@link RpiConfig}). A trial has one try:
 * it is armed by {@code bronze reboot --trial} (reboot(2) with "0 tryboot"), and a plain reboot
 * or any reset boots the known-good slot.
 */
public final class RpiBackend implements AbBackend {

    private final EspFiles boot;
    private final Optional<Path> firmwareDir;
    private final Optional<Path> deviceTreeDir;
    private final int bootPartition;
    private final Optional<String> extraConfig;

    /**
     * @param firmwareDir the firmware files for the root of the partition (start4.elf, fixup4.dat, ...;
     *     Debian: /usr/lib/raspi-firmware), or empty to leave them to the image builder
     * @param deviceTreeDir device trees and overlays/ to give each slot (they follow os_prefix)
     */
    public RpiBackend(EspFiles boot, Optional<Path> firmwareDir, Optional<Path> deviceTreeDir, int bootPartition,
            Optional<String> extraConfig) {
        this.boot = boot;
        this.firmwareDir = firmwareDir;
        this.deviceTreeDir = deviceTreeDir;
        this.bootPartition = bootPartition;
        this.extraConfig = extraConfig;
    }

    @Override
    public String name() {
        return "rpi";
    }

    @Override
    public AbState read() throws IOException {
        if (!boot.exists(RpiConfig.CONFIG)) {
            return new AbState(Map.of(), Slot.A, 0);
        }
        return RpiConfig.parseState(new String(boot.read(RpiConfig.CONFIG, 64 * 1024), StandardCharsets.UTF_8))
                .orElseThrow(() -> new BootloaderException("config.txt on " + boot.describe() + " was not written by Bronze"));
    }

    @Override
    public Optional<Slot> lastTried() {
        // The tryboot flag lives in firmware RAM and is gone by the time anything can read an image.
        return Optional.empty();
    }

    @Override
    public void install(SlotInfo a, BootPayload payload) throws IOException {
        requireKernel(payload);
        writePayload(a, (BootPayload.Kernel) payload);
        boot.write(RpiConfig.AUTOBOOT, RpiConfig.autoboot(bootPartition).getBytes(StandardCharsets.US_ASCII));
        if (firmwareDir.isPresent()) {
            copyTree(firmwareDir.get(), "");
        }
        boot.sync();
        // config.txt last: it is what points the firmware at a slot and what marks the install
        // complete; written before autoboot.txt, a cut left an install that a tryboot could not use.
        writeConfig(new AbState(Map.of(Slot.A, a), Slot.A, 1));
        boot.sync();
    }

    @Override
    public void upgrade(AbState before, SlotInfo trial, BootPayload payload) throws IOException {
        requireKernel(payload);
        Slot target = trial.slot();
        AbState cleared = before.cleared(target);
        writeConfig(cleared);
        // One try: the firmware's tryboot flag is one-shot.
        SlotInfo oneTry = trial.withState(SlotState.TRIAL, 1);
        writePayload(oneTry, (BootPayload.Kernel) payload);
        writeConfig(cleared.with(oneTry).withNext(target, cleared.generation() + 1));
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
        boot.replaceAtomically(RpiConfig.CONFIG, RpiConfig.config(s, extraConfig).getBytes(StandardCharsets.US_ASCII));
    }

    private void writePayload(SlotInfo info, BootPayload.Kernel k) throws IOException {
        String dir = info.slot().name();
        boot.copyFrom(k.kernel(), dir + "/vmlinuz");
        boot.copyFrom(k.initrd(), dir + "/initrd");
        boot.write(dir + "/cmdline.txt", RpiConfig.cmdline(info).getBytes(StandardCharsets.UTF_8));
        if (deviceTreeDir.isPresent()) {
            copyTree(deviceTreeDir.get(), dir + "/");
        }
        boot.sync();
    }

    private void copyTree(Path src, String prefix) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            for (Path f : files) {
                boot.copyFrom(f, prefix + src.relativize(f).toString().replace('\\', '/'));
            }
        }
    }

    private static void requireKernel(BootPayload p) {
        if (!(p instanceof BootPayload.Kernel)) {
            throw new BootloaderException(ExitCode.USAGE, "the Raspberry Pi firmware boots a kernel and an initramfs (--kernel, --initrd)");
        }
    }
}
