package dev.bronze.cli;

import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "reject", mixinStandardHelpOptions = true,
        description = "Marks the booted trial bad and points the next boot at the known-good slot.")
final class RejectCommand extends AbCommand {
    @Override
    int execute() throws IOException {
        return withSession(true, s -> {
            s.reject();
            printStatus(s);
            return 0;
        });
    }
}
