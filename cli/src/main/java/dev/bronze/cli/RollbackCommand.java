package dev.bronze.cli;

import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Makes the other slot the next boot; refused (exit 4) unless that slot is known-good.")
final class RollbackCommand extends AbCommand {
    @Override
    int execute() throws IOException {
        return withSession(true, s -> {
            s.rollback();
            printStatus(s);
            return 0;
        });
    }
}
