package dev.bronze.platform.metal;

import dev.bronze.platform.Detector;
import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Mode;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Bare metal and plain hypervisors: the answer when nothing else is evident. A hypervisor alone
 * (QEMU/KVM, Xen, Hyper-V, VirtualBox) is not a cloud; the detection names it separately.
 *
 * <p>Positive evidence: Ignition's {@code ignition.platform.id=metal}/{@code qemu}, and
 * {@code talos.config=} on the kernel command line, which in Talos only the metal platform reads
 * (a URL, or {@code metal-iso}). That one scores exactly {@link Detector#MIN_SCORE} and metal is
 * registered after every cloud, so it turns the fallback into a detection and nothing more: any
 * platform that would win without it (a DMI identity, a cidata volume, even two hints adding up to
 * the minimum) still wins with it.
 */
public final class MetalPlatform implements Platform {

    static final String ID = "metal";

    /** Enough to be detected, never enough to beat a cloud (ties go to the earlier-registered cloud). */
    static final int TALOS_CONFIG_POINTS = Detector.MIN_SCORE;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Mode mode() {
        return Mode.METAL;
    }

    @Override
    public Match score(Evidence e) {
        Signals s = Signals.of(e, ID).ignitionPlatform(95, "metal", "qemu");
        String cfg = e.cmdline().get(MetalFetcher.PARAM).orElse(null);
        if (isMetalConfigSource(cfg)) {
            // Listed either way; it only adds points where Ignition has not already decided, so that
            // the two together cannot outscore a cloud's own identity.
            boolean decided = s.match().score() >= Detector.MIN_SCORE;
            s.add(decided ? 0 : TALOS_CONFIG_POINTS, "cmdline:" + MetalFetcher.PARAM, redacted(cfg));
        }
        return s.match();
    }

    /**
     * A {@code talos.config=} value that metal's fetcher would use: not blank, not {@code none}
     * (explicitly no configuration) and not {@code guestinfo} (VMware's source).
     */
    static boolean isMetalConfigSource(String v) {
        return v != null && !v.isBlank() && !v.equals("none") && !v.equals("guestinfo");
    }

    /** The value as evidence: a password in the URL's user-info ({@code user:secret@}) is not printed. */
    static String redacted(String v) {
        int scheme = v.indexOf("://");
        if (scheme < 0) {
            return v;
        }
        int hostStart = scheme + 3;
        int end = v.length();
        for (int i = hostStart; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int at = v.lastIndexOf('@', end - 1);
        if (at < hostStart) {
            return v;
        }
        int colon = v.indexOf(':', hostStart);
        if (colon < 0 || colon > at) {
            return v;
        }
        return v.substring(0, colon + 1) + "***" + v.substring(at);
    }
}
