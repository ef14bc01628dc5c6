package dev.bronze.cli;

import dev.bronze.hardware.linux.Reboot;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reboot", mixinStandardHelpOptions = true,
        description = {"Reboots now. --trial restarts into the Raspberry Pi firmware's tryboot configuration once",
            "(reboot(2) with LINUX_REBOOT_CMD_RESTART2 and \"0 tryboot\")."})
final class RebootCommand implements Callable<Integer> {

    @Option(names = "--trial", description = "Boot the trial slot once (Raspberry Pi tryboot).")
    boolean trial;

    private final Reboot reboot;

    RebootCommand() {
        this(new Reboot(Reboot.Syscall.libc()));
    }

    RebootCommand(Reboot reboot) {
        this.reboot = reboot;
    }

    @Override
    public Integer call() {
        reboot.restart(trial ? Optional.of("0 tryboot") : Optional.empty());
        return 1;
    }
}
