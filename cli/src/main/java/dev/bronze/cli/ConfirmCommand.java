package dev.bronze.cli;

import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "confirm", mixinStandardHelpOptions = true, description = "Makes the booted trial known-good.")
final class ConfirmCommand extends AbCommand {
    @Override
    int execute() throws IOException {
        return withSession(true, s -> {
            s.confirm();
            printStatus(s);
            return 0;
        });
    }
}
