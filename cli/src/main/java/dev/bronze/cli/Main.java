package dev.bronze.cli;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bronze} command: a thin front end over the library. Exit codes and {@code --json}
 * follow ARCHITECTURE.md ("Contracts every command keeps").
 */
@Command(
        name = "bronze",
        mixinStandardHelpOptions = true,
        versionProvider = BronzeVersion.class,
        description = "Platform detection, user-data, disks, boot and hardware support for an immutable Kubernetes OS.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("detect")) {
            // Init runs this on every boot: skip building the picocli model when the arguments are plain.
            PrintWriter out = new PrintWriter(System.out, false);
            PrintWriter err = new PrintWriter(System.err, true);
            int code = DetectCommand.fast(args, out, err);
            if (code >= 0) {
                out.flush();
                System.exit(code);
            }
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns its exit code. Tests call this in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (Object sub : Subcommands.all()) {
            cli.addSubcommand(sub);
        }
        cli.setExecutionExceptionHandler(Main::handleExecutionException);
        cli.setParameterExceptionHandler(Main::handleParameterException);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("bronze: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE.code();
    }

    private static int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        cmd.getOut().flush();
        if (e instanceof BronzeException be) {
            err.println("bronze: " + oneLine(be.getMessage()));
            debugTrace(e, err);
            return be.exitCode().code();
        }
        if (e instanceof CommandLine.ParameterException pe) {
            return handleParameterException(pe, parsed.originalArgs().toArray(String[]::new));
        }
        // An exception we did not expect is still one line for the user; the trace is for us.
        err.println("bronze: internal error: " + e.getClass().getSimpleName() + ": " + oneLine(String.valueOf(e.getMessage())));
        debugTrace(e, err);
        return ExitCode.FAILED.code();
    }

    private static void debugTrace(Exception e, PrintWriter err) {
        if (System.getenv("BRONZE_DEBUG") != null) {
            e.printStackTrace(err);
        }
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
    }
}
