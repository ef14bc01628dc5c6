package dev.bronze.cli;

import java.io.OutputStream;

/**
 * The launcher's training run for the class-data archive of {@code bronze detect} (a JDK 25 AOT
 * cache or a JDK 17 CDS archive): {@code Main}'s fast path on each fixture root given, table and
 * JSON, so the archive holds every class a boot can need — device tree, superblock probe,
 * container markers, the error path — and not just those of one tree. Fixture trees only: an
 * archive must never be made by reading the machine it is built on. Prints nothing.
 */
public final class DetectTraining {

    private DetectTraining() {
    }

    public static void main(String[] roots) {
        OutputStream sink = OutputStream.nullOutputStream();
        for (String root : roots) {
            // The launcher's gated path, with a check that finds nothing (an empty pipe reads as /dev/null does).
            Main.gatedDetect(new String[] {"detect", "--root", root}, sink, sink, "/dev/null");
            Main.gatedDetect(new String[] {"detect", "--root", root, "--json"}, sink, sink, "/dev/null");
        }
    }
}
