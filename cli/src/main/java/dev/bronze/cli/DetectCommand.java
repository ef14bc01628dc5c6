package dev.bronze.cli;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.Detection;
import dev.bronze.platform.Detector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bronze detect [--root DIR] [--json]}: where is this machine running, and why we think so. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Detect where this machine runs: cloud, bare metal, board or container.",
            "Local evidence only (DMI, device tree, kernel command line, filesystem labels, hypervisor,",
            "container markers); talos.platform= or bronze.platform= on the kernel command line is authoritative."})
final class DetectCommand implements Callable<Integer> {

    @Option(names = "--root", paramLabel = "DIR", description = "Read /sys, /proc, /dev and /run under DIR (a fixture tree).")
    Path root;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(detect(root), json));
        out.flush();
        return ExitCode.OK.code();
    }

    static Detection detect(Path root) {
        SysRoot sys;
        if (root == null) {
            sys = SysRoot.host();
        } else {
            if (!Files.isDirectory(root)) {
                throw new BronzeException(ExitCode.USAGE, "--root " + root + ": not a directory");
            }
            sys = SysRoot.of(root);
        }
        return Detector.detect(sys);
    }

    static String render(Detection d, boolean json) {
        return json ? DetectOutput.json(d) + System.lineSeparator() : DetectOutput.table(d);
    }

    /**
     * The start-up fast path for init: {@code detect} with only {@code --root DIR}/{@code --root=DIR}
     * and {@code --json} is run without building the picocli model. Anything else (help, a typo)
     * returns -1 and goes through picocli, so usage errors read and exit as everywhere else.
     */
    static int fast(String[] args, PrintWriter out, PrintWriter err) {
        Path root = null;
        boolean json = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json") && !json) {
                json = true;
            } else if (a.equals("--root") && root == null && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                root = Path.of(args[++i]);
            } else if (a.startsWith("--root=") && root == null && a.length() > 7) {
                root = Path.of(a.substring(7));
            } else {
                return -1;
            }
        }
        try {
            out.print(render(detect(root), json));
            out.flush();
            return ExitCode.OK.code();
        } catch (BronzeException e) {
            out.flush();
            err.println("bronze: " + Main.oneLine(e.getMessage()));
            err.flush();
            return e.exitCode().code();
        } catch (RuntimeException e) {
            out.flush();
            err.println("bronze: internal error: " + e.getClass().getSimpleName() + ": " + Main.oneLine(String.valueOf(e.getMessage())));
            err.flush();
            return ExitCode.FAILED.code();
        }
    }
}
