package dev.bronze.cli;

import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotInfo;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows the A/B state: bootloader, booted slot, next slot, and both slots with their versions and tries.")
final class StatusCommand extends AbCommand {

    @Override
    int execute() throws IOException {
        return withSession(false, s -> {
            printStatus(s);
            return 0;
        });
    }

    static void print(PrintWriter out, AbStatus st, boolean json) {
        if (json) {
            Json.print(out, st.toJson());
            return;
        }
        out.printf("bootloader  %s%n", st.bootloader());
        out.printf("booted      %s%n", st.booted() == null ? "-" : st.booted());
        out.printf("next        %s%n", st.next());
        out.printf("%-5s %-20s %-6s %s%n", "SLOT", "VERSION", "STATE", "TRIES");
        for (Slot s : Slot.values()) {
            SlotInfo i = st.state().slot(s);
            out.printf("%-5s %-20s %-6s %s%n", s, i.version() == null ? "-" : i.version(), i.state().json(),
                    i.state() == dev.bronze.bootloader.ab.SlotState.TRIAL ? Integer.toString(i.triesLeft()) : "-");
        }
        out.flush();
    }
}
