package dev.bronze.cli;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.fetch.ConfigAcquisition;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.PlatformFetcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bronze userdata}: the decoded user-data on stdout (or in FILE). Exit 0 found, 3 no
 * config source, 1 failed with a one-line reason. The content is never logged.
 */
@Command(name = "userdata", mixinStandardHelpOptions = true,
        description = {"Fetch and decode this machine's user-data (talos.config.early=, the platform's sources, talos.config.inline=).",
                "Exit 0: found; 3: no config source; 1: failed."})
public final class UserdataCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    FetchOptions options = new FetchOptions();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the user-data to FILE (byte for byte, mode 0600) instead of stdout")
    Path out;

    @Option(names = "--no-report", description = "Do not tell the platform how it went (Azure: no wireserver Ready/NotReady report)")
    boolean noReport;

    @Override
    public Integer call() throws IOException {
        SysRoot root = options.sysRoot();
        PlatformFetcher platform = options.fetcher(root);
        FetchContext ctx = options.context(root);
        FetchResult r = ConfigAcquisition.acquire(platform, ctx);
        PrintWriter err = spec.commandLine().getErr();
        // A fixture tree is not a machine the platform provisions: report only for the host, or
        // when the caller pointed the report somewhere explicitly.
        if (!noReport && (root.isHost() || options.wireserver != null)) {
            Optional<String> reportProblem = platform.report(ctx, r);
            reportProblem.ifPresent(p -> err.println("bronze: warning: " + p));
        }
        if (r instanceof FetchResult.Found f) {
            err.println("bronze: user-data from " + f.source() + " (" + f.bytes().length + " bytes, decoding "
                    + f.decoding() + ")");
            err.flush();
            if (out != null) {
                write(out, f.bytes());
            } else {
                PrintWriter o = spec.commandLine().getOut();
                o.print(new String(f.bytes(), StandardCharsets.UTF_8));
                o.flush();
            }
            return ExitCode.OK.code();
        }
        if (r instanceof FetchResult.NoConfigSource n) {
            throw new BronzeException(ExitCode.NO_CONFIG_SOURCE, platform.platform() + ": no config source: " + n.reason());
        }
        throw new BronzeException(ExitCode.FAILED, platform.platform() + ": " + ((FetchResult.Failed) r).cause());
    }

    /** Written beside the target and moved into place, so a reader never sees half a config. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, ".userdata-", ".tmp",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
