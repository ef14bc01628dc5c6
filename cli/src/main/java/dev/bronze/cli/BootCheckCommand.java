package dev.bronze.cli;

import dev.bronze.bootloader.bootcheck.BootCheck;
import dev.bronze.bootloader.bootcheck.CommandCheck;
import dev.bronze.bootloader.bootcheck.HealthCheck;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.watchdog.LinuxWatchdog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "boot-check", mixinStandardHelpOptions = true,
        description = {"On a trial boot: arms the hardware watchdog, runs the health checks, then confirms the trial",
            "(or rejects it, exit 1). On a known-good boot it does nothing. Init calls the same code in-process."})
final class BootCheckCommand extends AbCommand {

    @Option(names = "--check", paramLabel = "CMD", description = "A health check: a command that must exit 0 (repeatable; split on spaces).")
    List<String> checks = new ArrayList<>();

    @Option(names = "--timeout", defaultValue = "5m", paramLabel = "DURATION", description = "Time for all checks (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--watchdog-timeout", defaultValue = "2m", paramLabel = "DURATION",
            description = "Watchdog timeout while the trial is unconfirmed (default: ${DEFAULT-VALUE}).")
    String watchdogTimeout;

    @Override
    int execute() throws IOException {
        return withSession(true, s -> {
            List<HealthCheck> hc = new ArrayList<>();
            for (String c : checks) {
                hc.add(new CommandCheck(List.of(c.strip().split("\\s+"))));
            }
            BootCheck bc = new BootCheck(s.controller(), LinuxWatchdog.standard(target.sys()), Durations.parse(watchdogTimeout),
                    Clock.systemUTC());
            BootCheck.Outcome o;
            try {
                o = bc.run(hc, Durations.parse(timeout));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (!(o instanceof BootCheck.Outcome.NotATrial)) {
                s.trialEnded();
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            int code = ExitCode.OK.code();
            if (o instanceof BootCheck.Outcome.NotATrial n) {
                doc.put("outcome", "not-a-trial");
                doc.put("booted", n.booted().map(Enum::name).orElse(null));
            } else if (o instanceof BootCheck.Outcome.Confirmed c) {
                doc.put("outcome", "confirmed");
                doc.put("slot", c.slot().name());
                doc.put("checks", c.checks());
            } else if (o instanceof BootCheck.Outcome.Rejected r) {
                doc.put("outcome", "rejected");
                doc.put("slot", r.slot().name());
                doc.put("reason", r.reason());
                code = ExitCode.FAILED.code();
            }
            if (json) {
                Json.print(out(), doc);
            } else {
                out().println(doc.get("outcome") + (doc.containsKey("slot") ? " slot " + doc.get("slot") : "")
                        + (doc.containsKey("reason") ? ": " + doc.get("reason") : ""));
            }
            if (code != 0) {
                err().println("bronze: trial rejected: " + doc.get("reason"));
            }
            return code;
        });
    }

    /** Durations as {@code 30s}, {@code 3m}, {@code 1h}. */
    static final class Durations {
        private Durations() {
        }

        static Duration parse(String s) {
            var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(s.strip());
            if (!m.matches()) {
                throw new dev.bronze.hardware.BronzeException(ExitCode.USAGE, "not a duration: '" + s + "' (use 30s, 3m, 1h)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }
}
