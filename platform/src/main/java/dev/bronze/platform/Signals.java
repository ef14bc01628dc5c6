package dev.bronze.platform;

import dev.bronze.hardware.fs.Volume;
import java.util.Locale;

/**
 * The checks platforms are made of, each adding a clue to a {@link Match.Builder} when it holds.
 * Comparisons are exact unless named otherwise, like ds-identify's: a vendor string is the
 * platform's own spelling, and loose matching is how cloud-init's Tilaa and CloudSigma bugs came about.
 *
 * <p>Plain loops, no lambdas, streams or regular expressions: this runs once per boot in a cold
 * JVM, where each of those costs milliseconds of bootstrap.
 */
public final class Signals {

    private final Evidence e;
    private final Match.Builder b;

    private Signals(Evidence e, Match.Builder b) {
        this.e = e;
        this.b = b;
    }

    public static Signals of(Evidence e, String platform) {
        return new Signals(e, Match.builder(platform));
    }

    public Evidence evidence() {
        return e;
    }

    /** Adds a clue directly. */
    public Signals add(int points, String source, String value) {
        b.add(points, source, value);
        return this;
    }

    public Signals dmiEquals(int points, String field, String... values) {
        String v = e.dmi().get(field);
        if (v != null) {
            for (String want : values) {
                if (v.equals(want)) {
                    b.add(points, "dmi:" + field, v);
                    break;
                }
            }
        }
        return this;
    }

    public Signals dmiStartsWith(int points, String field, String... prefixes) {
        String v = e.dmi().get(field);
        if (v != null) {
            for (String p : prefixes) {
                if (v.startsWith(p)) {
                    b.add(points, "dmi:" + field, v);
                    break;
                }
            }
        }
        return this;
    }

    public Signals dmiEndsWith(int points, String field, String suffix) {
        String v = e.dmi().get(field);
        if (v != null && v.endsWith(suffix)) {
            b.add(points, "dmi:" + field, v);
        }
        return this;
    }

    public Signals dmiContainsIgnoreCase(int points, String field, String needle) {
        String v = e.dmi().get(field);
        if (v != null && v.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT))) {
            b.add(points, "dmi:" + field, v);
        }
        return this;
    }

    /** cloud-init's {@code ds=}/{@code ci.ds=} naming one of this platform's datasources. */
    public Signals cloudInitDatasource(int points, String... names) {
        String ds = e.cloudInitDatasource().orElse(null);
        if (ds != null) {
            for (String n : names) {
                if (ds.equals(n)) {
                    b.add(points, "cmdline:ds", ds);
                    break;
                }
            }
        }
        return this;
    }

    /** Ignition's {@code ignition.platform.id=} naming this platform. */
    public Signals ignitionPlatform(int points, String... names) {
        String id = e.ignitionPlatform().orElse(null);
        if (id != null) {
            for (String n : names) {
                if (id.equals(n)) {
                    b.add(points, "cmdline:ignition.platform.id", id);
                    break;
                }
            }
        }
        return this;
    }

    /** A bare word on the kernel command line ({@code scaleway}, {@code vultr}). */
    public Signals cmdlineWord(int points, String word) {
        for (KernelCmdline.Param p : e.cmdline().params()) {
            if (p.key().equals(word) && p.value() == null) {
                b.add(points, "cmdline", word);
                break;
            }
        }
        return this;
    }

    /** A filesystem with one of these exact labels (cloud-init accepts the listed case variants only). */
    public Signals label(int points, String... labels) {
        for (Volume v : e.volumes()) {
            if (v.labelled(labels)) {
                b.add(points, "label:" + (v.device() == null ? "?" : v.device()), v.label());
                break;
            }
        }
        return this;
    }

    public Signals marker(int points, String rel) {
        if (e.hasMarker(rel)) {
            b.add(points, "file", rel);
        }
        return this;
    }

    public Match match() {
        return b.build();
    }

    /** Lets the match exceed 100: used by the container platform only. */
    public Match match(int cap) {
        return b.cap(cap).build();
    }
}
