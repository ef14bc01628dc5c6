package dev.bronze.cli;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
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
            int code = gatedDetect(args, System.out, System.err, System.getProperty(STALE_CHECK));
            if (code >= 0) {
                // Not System.exit: since JDK 21 Runtime.exit sets up System.Logger to log the call, a
                // ServiceLoader scan that costs a cold JVM ~25 ms. No shutdown hooks run on this path.
                Runtime.getRuntime().halt(code);
            }
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Set by {@code ./bronze} for a plain detect: a pipe on which the launcher's check prints a
     * source file newer than the jar, or nothing. The launcher starts the JVM without waiting for
     * that check (it costs ~6 ms of file system walking, done on the other core meanwhile) and
     * the JVM waits for it before printing anything.
     */
    static final String STALE_CHECK = "bronze.launcher.stale-check";

    /** Told to the launcher only (EX_TEMPFAIL): nothing was printed; build, then run again. */
    static final int STALE_BUILD = 75;

    /** True when the launcher's check printed anything; a check that cannot be read counts as none. */
    static boolean builtFromOlderSources(String check) {
        try (FileInputStream in = new FileInputStream(check)) {
            return in.read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@link #fastDetect}; with a launcher's check, the output is held until the check has said the
     * jar is current, and {@link #STALE_BUILD} is returned with nothing written when it is not.
     */
    static int gatedDetect(String[] args, OutputStream stdout, OutputStream stderr, String staleCheck) {
        if (staleCheck == null) {
            return fastDetect(args, stdout, stderr);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = fastDetect(args, out, err);
        if (code < 0) {
            return code;
        }
        if (builtFromOlderSources(staleCheck)) {
            return STALE_BUILD;
        }
        try {
            out.writeTo(stdout);
            err.writeTo(stderr);
            stdout.flush();
            stderr.flush();
        } catch (IOException e) {
            return ExitCode.FAILED.code();
        }
        return code;
    }

    /**
     * Init runs {@code bronze detect} on every boot: with plain arguments it skips building the
     * picocli model. Returns the exit code with everything flushed, or -1 for picocli to handle.
     */
    static int fastDetect(String[] args, OutputStream stdout, OutputStream stderr) {
        PrintWriter out = new PrintWriter(stdout, false);
        PrintWriter err = new PrintWriter(stderr, true);
        int code = DetectCommand.fast(args, out, err);
        out.flush();
        err.flush();
        return code;
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

    /**
     * The message on one line: every run of whitespace that holds a line break becomes "; "
     * (what {@code replaceAll("\\s*[\\r\\n]+\\s*", "; ")} did, without a regex on the boot path).
     */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int end = i;
            boolean lineBreak = false;
            while (end < s.length() && regexSpace(s.charAt(end))) {
                lineBreak |= s.charAt(end) == '\r' || s.charAt(end) == '\n';
                end++;
            }
            if (end == i) {
                b.append(s.charAt(i++));
            } else {
                b.append(lineBreak ? "; " : s.substring(i, end));
                i = end;
            }
        }
        return b.toString().strip();
    }

    /** Java regex {@code \\s}: space, tab, LF, VT, FF, CR. */
    private static boolean regexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
