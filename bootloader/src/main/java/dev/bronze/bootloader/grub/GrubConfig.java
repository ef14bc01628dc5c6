package dev.bronze.bootloader.grub;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.bootloader.ab.AbState;
import dev.bronze.bootloader.ab.AbStateJson;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotInfo;
import dev.bronze.bootloader.ab.SlotState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The generated {@code grub.cfg}: the A/B model in GRUB script.
 *
 * <p>The state that only Linux changes (which slot is good, which is on trial, the generation)
 * is baked into the file, which is rewritten whole at every change. Only the trial's try counter
 * lives in the environment block, where GRUB counts it down with a literal table over single
 * digits — Debian's GRUB has no {@code decrement}, and the table doubles as validation. A trial
 * boots only when the counter read back after {@code save_env} is the decremented value; a
 * missing, torn or foreign environment boots the known-good slot. Only Bronze's own variables are
 * loaded from the environment.
 */
public final class GrubConfig {

    public static final String STATE_PREFIX = "# bronze-state ";
    private GrubConfig() {
    }

    /** What a generated config records about the trial it arms. */
    public record Trial(Slot slot, long generation, int tries) {
    }

    public static String render(AbState s, String envPath, int timeoutSeconds) {
        Slot next = s.next();
        SlotInfo n = s.slot(next);
        Optional<Slot> fallback = s.fallback();
        if (fallback.isEmpty()) {
            throw new BootloaderException("no known-good slot to write a GRUB configuration for");
        }
        boolean trial = n.state() == SlotState.TRIAL;
        Slot dflt = trial ? fallback.get() : (n.isGood() ? next : fallback.get());
        StringBuilder sb = new StringBuilder();
        sb.append("# Bronze A/B boot configuration. Generated: every state change writes a new file and renames it here.\n");
        sb.append(STATE_PREFIX).append(AbStateJson.write(s)).append('\n');
        sb.append("set timeout=").append(timeoutSeconds).append('\n');
        sb.append("set bronze_env=").append(GrubScript.word(envPath)).append('\n');
        sb.append("set default=").append(GrubScript.word("bronze-" + dflt.name())).append('\n');
        if (trial) {
            // If the trial's entry itself fails (a kernel GRUB cannot load), boot the known-good one.
            sb.append("set fallback=").append(GrubScript.word("bronze-" + fallback.get().name())).append('\n');
            String gen = Long.toString(s.generation());
            sb.append("set bronze_trial_gen=").append(gen).append('\n');
            sb.append("unset bronze_gen\n");
            sb.append("unset bronze_tries\n");
            sb.append("if load_env --file \"${bronze_env}\" bronze_gen bronze_tries; then\n");
            sb.append("  if [ \"${bronze_gen}\" = \"${bronze_trial_gen}\" ]; then\n");
            sb.append("    unset bronze_left\n");
            for (int t = 9; t >= 1; t--) {
                sb.append(t == 9 ? "    if" : "    elif").append(" [ \"${bronze_tries}\" = \"").append(t)
                        .append("\" ]; then set bronze_left=").append(t - 1).append('\n');
            }
            sb.append("    fi\n");
            sb.append("    if [ -n \"${bronze_left}\" ]; then\n");
            sb.append("      set bronze_tries=\"${bronze_left}\"\n");
            sb.append("      if save_env --file \"${bronze_env}\" bronze_gen bronze_tries; then\n");
            sb.append("        unset bronze_tries\n");
            sb.append("        if load_env --file \"${bronze_env}\" bronze_tries; then\n");
            sb.append("          if [ \"${bronze_tries}\" = \"${bronze_left}\" ]; then\n");
            sb.append("            set default=").append(GrubScript.word("bronze-" + next.name())).append('\n');
            sb.append("          fi\n");
            sb.append("        fi\n");
            sb.append("      fi\n");
            sb.append("    fi\n");
            sb.append("  fi\n");
            sb.append("fi\n");
        }
        List<Slot> order = new ArrayList<>(List.of(next, next.other()));
        for (Slot slot : order) {
            SlotInfo i = s.slot(slot);
            if (i.state() != SlotState.GOOD && i.state() != SlotState.TRIAL) {
                continue;
            }
            if (i.payload() != SlotInfo.PayloadKind.KERNEL) {
                throw new BootloaderException("GRUB boots a kernel and initrd; slot " + slot + " holds a UKI");
            }
            String dir = "/bronze/" + slot.name();
            sb.append("menuentry ").append(GrubScript.word("Bronze " + i.version() + " (slot " + slot + ")"))
                    .append(" --id ").append(GrubScript.word("bronze-" + slot.name())).append(" {\n");
            sb.append("  linux ").append(dir).append("/vmlinuz");
            for (String a : i.cmdline()) {
                sb.append(' ').append(GrubScript.word(a));
            }
            sb.append('\n');
            sb.append("  initrd ").append(dir).append("/initrd\n");
            sb.append("}\n");
        }
        return sb.toString();
    }

    /**
     * The state recorded in a config Bronze wrote, with each trial's tries as armed (the
     * environment says how many are left). Empty when the file is not Bronze's.
     */
    public static Optional<AbState> parseState(String cfg) {
        return AbStateJson.fromConfig(cfg, STATE_PREFIX);
    }
}
