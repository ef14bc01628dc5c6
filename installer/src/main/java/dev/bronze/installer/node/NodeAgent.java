package dev.bronze.installer.node;

import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.bootcheck.BootCheck;
import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.linux.Reboot;
import dev.bronze.hardware.watchdog.LinuxWatchdog;
import dev.bronze.hardware.watchdog.Watchdog;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.Installer;
import dev.bronze.installer.LiveNode;
import dev.bronze.platform.Detection;
import dev.bronze.platform.Detector;
import dev.bronze.platform.fetch.ConfigAcquisition;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Fetchers;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.http.RetryPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bronze as init runs it on every boot, in-process: boot-check (arms the watchdog on a trial),
 * detect the platform, fetch user-data and metadata, confirm the boot, and say what happened in
 * one {@code BRONZE-RESULT node=1 ...} line on the console (the e2e line protocol). With upgrade
 * instructions it then downloads the new payload, upgrades the running node into its other slot
 * and reboots into the trial.
 *
 * <p>Every failure ends as {@code outcome=rejected} with an {@code error=}, never as a stack trace:
 * the host reads one line per boot whatever went wrong.
 */
public final class NodeAgent {

    /** What this boot's init is told to do. */
    public enum Behaviour {
        /** Check, confirm, report. */
        OK,
        /** Arm the watchdog on a trial, report, then never confirm and never feed it. */
        HANG
    }

    /** What the agent does when told to hang: block for good (tests pass a fake). */
    @FunctionalInterface
    public interface Hang {
        void forever() throws InterruptedException;
    }

    /** Where the running system's version is written by whoever built its init. */
    public static final String VERSION_FILE = "etc/bronze/version";

    private final SysRoot sys;
    private final Clock clock;
    private final Instant started;
    private final NodeSessions sessions;
    private final Watchdog watchdog;
    private final Function<SysRoot, Detection> detector;
    private final FetchContext fetch;
    private final Path workDir;
    private final Reboot reboot;
    private final Hang hang;
    private final PrintStream out;

    public NodeAgent(SysRoot sys, Clock clock, Instant started, NodeSessions sessions, Watchdog watchdog,
            Function<SysRoot, Detection> detector, FetchContext fetch, Path workDir, Reboot reboot, Hang hang, PrintStream out) {
        this.sys = sys;
        this.clock = clock;
        this.started = started;
        this.sessions = sessions;
        this.watchdog = watchdog;
        this.detector = detector;
        this.fetch = fetch;
        this.workDir = workDir;
        this.reboot = reboot;
        this.hang = hang;
        this.out = out;
    }

    /** The agent on the running machine: {@code --behaviour ok|hang} (default ok). */
    public static void main(String[] args) {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        Behaviour behaviour = Behaviour.OK;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--behaviour") && i + 1 < args.length) {
                behaviour = args[++i].equals("hang") ? Behaviour.HANG : Behaviour.OK;
            }
        }
        SysRoot sys = SysRoot.host();
        Clock clock = Clock.systemUTC();
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "bronze-node");
        String efiArch = System.getProperty("os.arch").contains("aarch64") ? "aa64" : "x64";
        Installer installer = new Installer(BootTools.debian(efiArch, work), clock, sys, s -> { });
        NodeAgent agent = new NodeAgent(sys, clock, started, () -> LiveNode.open(sys, installer),
                LinuxWatchdog.standard(sys), Detector::detect, FetchContext.builder(sys).build(), work,
                new Reboot(Reboot.Syscall.libc()), () -> {
                    while (true) {
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }, System.out);
        NodeReport r = agent.run(behaviour);
        System.exit(r.outcome() == NodeReport.Outcome.REJECTED ? 1 : 0);
    }

    /** One boot's work; prints the result line (and on an upgrade reboots: then it does not return). */
    public NodeReport run(Behaviour behaviour) {
        Report r = new Report(version());
        try {
            runChecked(behaviour, r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.fail("interrupted");
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError too: a class missing from the guest's trimmed runtime is a failure the
            // host must read in the line, not in a stack trace.
            r.fail(message(e));
        }
        if (r.trial != null && r.outcome == NodeReport.Outcome.REJECTED && !r.trialEnded) {
            // A failure before the decision: the trial is not good, say so to the bootloader now
            // rather than leaving it to the watchdog.
            try {
                r.trial.reject(r.error);
            } catch (IOException | RuntimeException e) {
                log("rejecting the trial failed too: " + message(e));
            }
        }
        NodeReport report = r.build(seconds());
        if (!r.printed || report.outcome() == NodeReport.Outcome.REJECTED) {
            emit(report);
        }
        return report;
    }

    private void runChecked(Behaviour behaviour, Report r) throws IOException, InterruptedException {
        NodeConfig cfg = NodeConfig.read(sys);
        try (Installer.Session s = sessions.open()) {
            AbStatus status = s.status();
            r.slot = Optional.ofNullable(status.booted()).map(Slot::name);
            BootCheck bc = new BootCheck(s.controller(), watchdog, cfg.watchdogTimeout(), clock);
            Optional<BootCheck.Trial> trial = bc.begin();
            r.trial = trial.orElse(null);
            if (trial.isPresent()) {
                r.slot = Optional.of(trial.get().slot().name());
                log("trial of slot " + trial.get().slot() + (trial.get().watchdogArmed()
                        ? ", watchdog armed for " + cfg.watchdogTimeout().toSeconds() + " s" : ", no watchdog"));
            }
            if (behaviour == Behaviour.HANG) {
                r.outcome = NodeReport.Outcome.HUNG;
                r.trialEnded = true;
                r.printed = true;
                emit(r.build(seconds()));
                // Never confirm, never feed: the watchdog (or a panic, or the tries) decides.
                hang.forever();
                return;
            }

            Detection d = detector.apply(sys);
            r.platform = Optional.of(d.platform());
            r.source = Optional.of(d.source().id());
            r.hypervisor = Optional.ofNullable(d.hypervisor());
            if (!d.evidence().isEmpty()) {
                log("detected " + d.platform() + " (" + d.source().id() + "): " + d.evidence().get(0));
            }
            progress(trial);

            String problem = fetch(d.platform(), r);
            progress(trial);

            if (problem != null) {
                r.error = problem;
                r.outcome = NodeReport.Outcome.REJECTED;
                if (trial.isPresent()) {
                    trial.get().reject(problem);
                    s.trialEnded();
                    r.trialEnded = true;
                }
                return;
            }
            if (trial.isPresent()) {
                trial.get().confirm(List.of("detect", "user-data", "metadata"));
                s.trialEnded();
                r.trialEnded = true;
                r.outcome = NodeReport.Outcome.CONFIRMED;
            } else {
                r.outcome = NodeReport.Outcome.NOT_A_TRIAL;
            }

            if (cfg.upgrade().isPresent()) {
                upgrade(s, cfg.upgrade().get(), r);
            }
        }
        if (r.outcome == NodeReport.Outcome.UPGRADED) {
            r.printed = true;
            emit(r.build(seconds()));
            out.println();
            out.println("BRONZE-DONE status=pass checks=0 failed=0");
            out.flush();
            reboot.restart(Optional.empty());
        }
    }

    /** User-data and metadata; returns the problem, or null when both were read. */
    private String fetch(String platform, Report r) {
        Optional<PlatformFetcher> f = Fetchers.find(platform);
        if (f.isEmpty()) {
            return "no fetcher for platform " + platform;
        }
        FetchResult ud = ConfigAcquisition.acquire(f.get(), fetch);
        f.get().report(fetch, ud).ifPresent(p -> log("reporting to " + platform + ": " + p));
        String problem = null;
        if (ud instanceof FetchResult.Found found) {
            r.userDataBytes = Optional.of((long) found.bytes().length);
            r.userDataSha256 = Optional.of(sha256(found.bytes()));
            log("user-data: " + found.bytes().length + " bytes from " + found.source());
        } else if (ud instanceof FetchResult.NoConfigSource n) {
            log("no user-data: " + n.reason());
        } else if (ud instanceof FetchResult.Failed failed) {
            problem = "user-data: " + failed.cause();
        }
        try {
            Metadata m = f.get().metadata(fetch);
            r.instanceId = Optional.ofNullable(m.instanceId());
            r.hostname = Optional.ofNullable(m.hostname());
        } catch (RuntimeException e) {
            if (problem == null) {
                problem = "metadata: " + message(e);
            }
        }
        return problem;
    }

    private void upgrade(Installer.Session s, NodeConfig.Upgrade u, Report r) throws IOException {
        PayloadDownload dl = new PayloadDownload(fetch.webHttp(RetryPolicy.cloud().withMaxBytes(PayloadDownload.DEFAULT_MAX_BYTES)
                .withAttemptTimeout(Duration.ofMinutes(5)).withDeadline(Duration.ofMinutes(15))));
        log("downloading version " + u.version());
        Path kernel = dl.fetch(u.kernel(), "kernel", workDir.resolve("vmlinuz"));
        Path initrd = dl.fetch(u.initrd(), "initrd", workDir.resolve("initrd"));
        var slot = s.upgrade(new BootPayload.Kernel(kernel, initrd), u.version(), null, u.tries(), Optional.empty());
        log("upgraded slot " + slot.slot() + " to version " + u.version() + " with " + u.tries() + " tries");
        r.outcome = NodeReport.Outcome.UPGRADED;
    }

    private static void progress(Optional<BootCheck.Trial> trial) throws IOException {
        if (trial.isPresent()) {
            trial.get().progress();
        }
    }

    private String version() {
        SysRead v = sys.read(VERSION_FILE, 256);
        return v.text().orElse("-");
    }

    private double seconds() {
        return Math.max(0, Duration.between(started, clock.instant()).toMillis() / 1000.0);
    }

    private void emit(NodeReport report) {
        // A leading newline, as lib.sh does: kernel text may be sitting on the console's line.
        out.println();
        out.println(report.line());
        out.flush();
    }

    private void log(String text) {
        out.println();
        out.println("BRONZE-LOG " + text.replaceAll("[\\r\\n]", " "));
        out.flush();
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("[\\r\\n]+", " ");
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The result as it is gathered. */
    private static final class Report {
        final String version;
        Optional<String> slot = Optional.empty();
        BootCheck.Trial trial;
        boolean trialEnded;
        boolean printed;
        NodeReport.Outcome outcome = NodeReport.Outcome.REJECTED;
        Optional<String> platform = Optional.empty();
        Optional<String> source = Optional.empty();
        Optional<String> hypervisor = Optional.empty();
        Optional<String> userDataSha256 = Optional.empty();
        Optional<Long> userDataBytes = Optional.empty();
        Optional<String> instanceId = Optional.empty();
        Optional<String> hostname = Optional.empty();
        String error;

        Report(String version) {
            this.version = version;
        }

        void fail(String why) {
            outcome = NodeReport.Outcome.REJECTED;
            error = why;
        }

        NodeReport build(double seconds) {
            return new NodeReport(version, slot, trial != null, outcome, platform, source, hypervisor, userDataSha256,
                    userDataBytes, instanceId, hostname, seconds, Optional.ofNullable(error));
        }
    }
}
