import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.Detection;
import dev.bronze.platform.Detector;
import dev.bronze.platform.Evidence;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * In-process detection time: {@code java -cp cli/target/bronze-boot.jar bench/DetectBench.java ROOT...}.
 * For each fixture root it warms up, then times {@code Detector.detect} (evidence gathering from the
 * files plus scoring) and {@code decide} alone (scoring of gathered evidence), and prints the median
 * and 99th percentile in microseconds. A loop rather than JMH so it runs from the jar with no build step;
 * the numbers are medians over many runs, not a single timing.
 */
public class DetectBench {

    public static void main(String[] args) {
        int iterations = Integer.getInteger("iterations", 20000);
        System.out.printf("%-40s %12s %12s %12s %12s%n", "tree", "detect p50", "detect p99", "decide p50", "decide p99");
        for (String a : args) {
            SysRoot root = SysRoot.of(Path.of(a));
            Detector detector = Detector.standard();
            String platform = null;
            for (int i = 0; i < iterations / 4; i++) {
                platform = detector.run(root).platform();
            }
            long[] full = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                long t = System.nanoTime();
                Detection d = detector.run(root);
                full[i] = System.nanoTime() - t;
                if (!d.platform().equals(platform)) {
                    throw new IllegalStateException("unstable answer");
                }
            }
            Evidence e = Evidence.gather(root);
            long[] decide = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                long t = System.nanoTime();
                detector.decide(e);
                decide[i] = System.nanoTime() - t;
            }
            Path p = Path.of(a);
            String name = p.getFileName().toString().equals("root") && p.getParent() != null
                    ? p.getParent().getFileName().toString() : p.toString();
            System.out.printf("%-40s %10.1fus %10.1fus %10.1fus %10.1fus   -> %s%n", name + " ", pct(full, 50), pct(full, 99),
                    pct(decide, 50), pct(decide, 99), platform);
        }
    }

    static double pct(long[] ns, int p) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)] / 1000.0;
    }
}
