package dev.bronze.bootloader.bootcheck;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A health check that is a program: exit 0 passes. */
public record CommandCheck(List<String> command) implements HealthCheck {

    public CommandCheck {
        command = List.copyOf(command);
    }

    @Override
    public String name() {
        return String.join(" ", command);
    }

    @Override
    public Result run(Duration budget) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Result.fail("cannot start: " + e.getMessage());
        }
        if (!p.waitFor(budget.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return Result.fail("did not finish within " + budget.toSeconds() + " s");
        }
        return p.exitValue() == 0 ? Result.pass("exit 0") : Result.fail("exit " + p.exitValue());
    }
}
