package dev.bronze.bootloader.rpi;

import dev.bronze.bootloader.ab.AbState;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotInfo;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.ab.AbStateJson;
import java.util.Optional;

/**
 * The Raspberry Pi firmware's files on the single FAT boot partition.
 *
 * <p>{@code autoboot.txt} turns on {@code tryboot_a_b} with both sections naming the boot
 * partition itself, so in tryboot mode the firmware reads the normal {@code config.txt} (not
 * {@code tryboot.txt}) and its {@code [tryboot]} filter applies. {@code config.txt} points
 * {@code os_prefix} at the known-good slot under {@code [all]} and at the trial under
 * {@code [tryboot]}; os_prefix covers the kernel, initramfs, cmdline.txt, device trees and
 * overlays, so each slot carries its own. The tryboot flag is cleared before the firmware starts,
 * so a trial gets exactly one try: any reset boots the known-good slot.
 */
public final class RpiConfig {

    public static final String CONFIG = "config.txt";
    public static final String AUTOBOOT = "autoboot.txt";
    public static final String STATE_PREFIX = "# bronze-state ";

    private RpiConfig() {
    }

    /** autoboot.txt for boot partition {@code partition} (MBR numbering, 1-based). At most 512 bytes. */
    public static String autoboot(int partition) {
        return "[all]\ntryboot_a_b=1\nboot_partition=" + partition + "\n[tryboot]\nboot_partition=" + partition + "\n";
    }

    public static String config(AbState s, Optional<String> extra) {
        Slot good = s.fallback().orElseThrow(() -> new IllegalStateException("no known-good slot"));
        Optional<Slot> trial = Optional.empty();
        for (Slot x : Slot.values()) {
            if (s.slot(x).state() == SlotState.TRIAL) {
                trial = Optional.of(x);
            }
        }
        if (s.slot(s.next()).isGood()) {
            good = s.next();
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# Bronze A/B boot configuration. Generated: every state change writes a new file and renames it here.\n");
        sb.append(STATE_PREFIX).append(AbStateJson.write(s)).append('\n');
        sb.append("[all]\n");
        sb.append("arm_64bit=1\n");
        sb.append("enable_uart=1\n");
        sb.append("os_prefix=").append(good.name()).append("/\n");
        sb.append("kernel=vmlinuz\n");
        sb.append("initramfs initrd followkernel\n");
        sb.append("cmdline=cmdline.txt\n");
        extra.ifPresent(e -> sb.append(e.strip()).append('\n'));
        if (trial.isPresent()) {
            sb.append("[tryboot]\n");
            sb.append("os_prefix=").append(trial.get().name()).append("/\n");
        }
        sb.append("[all]\n");
        return sb.toString();
    }

    public static Optional<AbState> parseState(String config) {
        return AbStateJson.fromConfig(config, STATE_PREFIX);
    }

    /** A slot's cmdline.txt: one line, the entry's arguments. */
    public static String cmdline(SlotInfo info) {
        return String.join(" ", info.cmdline()) + "\n";
    }
}
