package dev.bronze.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code src/e2e/run [ROW...] [--jobs N] [--plumbing]}: runs the matrix's rows, N QEMUs at a time,
 * and writes {@code target/e2e/report.json} and {@code report.md}. Exit 0 only when every step of
 * every requested row matched; 1 when one did not; 2 for a usage error.
 */
public final class E2eRun {

    record Options(List<Row> rows, int jobs, boolean plumbing, Path repo, Path jar, Path out) {
    }

    private E2eRun() {
    }

    static Options parse(List<String> args, Path repo) {
        List<String> names = new ArrayList<>();
        int jobs = 2;
        boolean plumbing = false;
        Path jar = repo.resolve("cli/target/bronze.jar");
        Path out = repo.resolve("target/e2e");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--jobs", "-j" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--jobs needs a count");
                    }
                    try {
                        jobs = Integer.parseInt(args.get(++i));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--jobs wants a count 1-8, got: " + args.get(i));
                    }
                    if (jobs < 1 || jobs > 8) {
                        throw new IllegalArgumentException("--jobs wants a count 1-8, got: " + jobs);
                    }
                }
                case "--plumbing" -> plumbing = true;
                case "--jar" -> jar = Path.of(next(args, ++i, a));
                case "--out" -> out = repo.resolve(next(args, ++i, a));
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option: " + a);
                    }
                    names.add(a);
                }
            }
        }
        return new Options(Row.parse(names), jobs, plumbing, repo, jar, out);
    }

    private static String next(List<String> args, int i, String opt) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args.get(i);
    }

    public static void main(String[] argv) throws Exception {
        Path repo = Path.of(System.getProperty("bronze.repo", ".")).toAbsolutePath().normalize();
        Options o;
        try {
            o = parse(List.of(argv), repo);
        } catch (IllegalArgumentException e) {
            System.err.println("e2e: " + e.getMessage());
            System.err.println("usage: src/e2e/run [ROW...] [--jobs N] [--plumbing]");
            System.exit(2);
            return;
        }
        System.exit(run(o));
    }

    static int run(Options o) throws IOException, InterruptedException {
        boolean plumbing = o.plumbing();
        if (!plumbing && !Harness.nodeAvailable(o.repo())) {
            System.err.println("e2e: src/e2e/build-node-initramfs is missing (wt/node's guest runtime): "
                    + "without it only --plumbing runs (the toolkit's busybox guest, no Bronze in the guest)");
            return 1;
        }
        if (!Files.isRegularFile(o.jar())) {
            System.err.println("e2e: " + o.jar() + " is missing: build it with mvn -DskipTests package");
            return 1;
        }
        // Interrupted (^C, a CI timeout): the QEMUs and scripts this run started go with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        Harness h = new Harness(o.repo(), o.jar(), plumbing);
        Report report = new Report(plumbing ? "plumbing" : "node", Instant.now());
        long t0 = System.nanoTime();
        Files.createDirectories(o.out());
        // Payloads first, one at a time: the builds are cached and two rows must not race to make one.
        List<Row> ready = new ArrayList<>();
        for (Row r : o.rows()) {
            try {
                prepare(h, r);
                ready.add(r);
            } catch (IOException | RuntimeException e) {
                report.add(new Report.RowResult(r, List.of(Step.host(r.id(), "payloads", "kernel and initramfs built", 0,
                        List.of(e.getMessage()))), 0));
            }
        }
        SplittableRandom seeds = new SplittableRandom(new SecureRandom().nextLong());
        ExecutorService pool = Executors.newFixedThreadPool(o.jobs());
        List<Future<?>> running = new ArrayList<>();
        // The slowest rows (the full scenarios) start first, so the cloud rows fill the gaps.
        List<Row> order = new ArrayList<>(ready);
        order.sort((a, b) -> Boolean.compare(b.fullScenario(), a.fullScenario()));
        for (Row r : order) {
            SplittableRandom rnd = seeds.split();
            running.add(pool.submit(() -> {
                System.err.println("e2e: " + r.id() + " started");
                Report.RowResult res = new Scenario(h, r, o.out().resolve("rows").resolve(r.id()), rnd).run();
                report.add(res);
                System.err.printf("e2e: %s %s in %.0f s%n", r.id(), res.passed() ? "passed" : "FAILED", res.seconds());
                try {
                    report.write(o.out(), o.rows().size(), (System.nanoTime() - t0) / 1e9);
                } catch (IOException e) {
                    System.err.println("e2e: cannot write the report: " + e.getMessage());
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                System.err.println("e2e: a row crashed: " + e.getCause());
            }
        }
        pool.shutdown();
        double secs = (System.nanoTime() - t0) / 1e9;
        report.write(o.out(), o.rows().size(), secs);
        System.out.print(report.toMarkdown(o.rows().size(), secs));
        System.out.println("\nreport: " + o.out().resolve("report.md") + " and report.json");
        return report.passed(o.rows().size()) ? 0 : 1;
    }

    private static void prepare(Harness h, Row r) throws IOException {
        h.kernel(r.arch());
        h.initrd(r.arch(), "1", Harness.Behaviour.OK);
        if (r.fullScenario()) {
            h.initrd(r.arch(), "2", Harness.Behaviour.OK);
            h.initrd(r.arch(), "3", Harness.Behaviour.PANIC);
            h.initrd(r.arch(), "4", Harness.Behaviour.HANG);
        }
        if (!r.arch().equals(Harness.hostArch())) {
            h.systemdBoot(r.arch());
        }
    }
}
