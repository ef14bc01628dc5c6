package dev.bronze.platform;

import dev.bronze.hardware.SysRoot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where the machine runs: the kernel command line when it says ({@code bronze.platform=},
 * then {@code talos.platform=}: authoritative, as in Talos and Ignition), otherwise the platform
 * whose evidence scores highest (at least {@link #MIN_SCORE}), otherwise {@code metal}.
 *
 * <p>Container markers are looked at before the command line, as Talos does: inside a container
 * {@code /proc/cmdline} is the host kernel's and says nothing about the container.
 */
public final class Detector {

    /** A platform needs at least this to win; a lone hint (an EC2-looking UUID) does not reach it. */
    public static final int MIN_SCORE = 50;

    static final List<String> FORCE_KEYS = List.of("bronze.platform", "talos.platform");

    private final List<Platform> platforms;
    private final Map<String, Platform> byName;

    /** Platforms in tie-break order (earlier wins a tie). */
    public Detector(List<Platform> platforms) {
        this.platforms = List.copyOf(platforms);
        Map<String, Platform> m = new LinkedHashMap<>();
        for (Platform p : this.platforms) {
            m.putIfAbsent(p.id(), p);
        }
        for (Platform p : this.platforms) {
            for (String a : p.aliases()) {
                m.putIfAbsent(a, p);
            }
        }
        this.byName = m;
    }

    /** The built-in platforms ({@link Platforms#builtIn()}), made once per class loader. */
    public static Detector standard() {
        return Holder.STANDARD;
    }

    /** Detects the platform of {@code root}: the library entry point. */
    public static Detection detect(SysRoot root) {
        return standard().run(root);
    }

    public Detection run(SysRoot root) {
        return decide(Evidence.gather(root));
    }

    /** Every platform id, in tie-break order. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Platform p : platforms) {
            ids.add(p.id());
        }
        return ids;
    }

    public Optional<Platform> platform(String id) {
        return Optional.ofNullable(byName.get(id));
    }

    public Detection decide(Evidence e) {
        List<Clue> facts = new ArrayList<>();
        Hypervisor.Found hv = Hypervisor.identify(e).orElse(null);
        if (hv != null) {
            facts.add(hv.clue());
        }
        for (Map.Entry<String, String> u : e.unavailable().entrySet()) {
            facts.add(new Clue(u.getKey(), u.getValue(), null));
        }

        // Scored platforms, best first; insertion keeps registration order among equal scores.
        List<Platform> scoredPlatforms = new ArrayList<>();
        List<Match> scoredMatches = new ArrayList<>();
        for (Platform p : platforms) {
            Match m;
            try {
                m = p.score(e);
            } catch (RuntimeException ex) {
                // One broken platform must not stop detection of the others.
                facts.add(new Clue("platform:" + p.id(), "scoring failed: " + ex, null));
                continue;
            }
            if (m == null || m.score() <= 0) {
                continue;
            }
            int at = scoredMatches.size();
            while (at > 0 && scoredMatches.get(at - 1).score() < m.score()) {
                at--;
            }
            scoredPlatforms.add(at, p);
            scoredMatches.add(at, m);
        }
        Platform container = null;
        for (Platform p : scoredPlatforms) {
            if (p.mode() == Mode.CONTAINER) {
                container = p;
                break;
            }
        }

        Platform winner;
        Source source;
        List<Clue> lines = new ArrayList<>();
        Clue forced = container != null ? null : forced(e);
        if (forced != null) {
            winner = byName.get(forced.platform());
            source = Source.CMDLINE;
            lines.add(forced);
        } else if (container != null) {
            winner = container;
            source = Source.DETECTED;
        } else if (!scoredMatches.isEmpty() && scoredMatches.get(0).score() >= MIN_SCORE) {
            winner = scoredPlatforms.get(0);
            source = Source.DETECTED;
        } else {
            winner = byName.get("metal");
            if (winner == null) {
                throw new DetectionException("no platform named metal is registered");
            }
            source = Source.FALLBACK;
        }
        // The winner's clues first, then what spoke for the others (the "why not" of the answer).
        for (int i = 0; i < scoredPlatforms.size(); i++) {
            if (scoredPlatforms.get(i) == winner) {
                lines.addAll(scoredMatches.get(i).clues());
            }
        }
        for (int i = 0; i < scoredPlatforms.size(); i++) {
            if (scoredPlatforms.get(i) != winner) {
                lines.addAll(scoredMatches.get(i).clues());
            }
        }
        lines.addAll(facts);
        return new Detection(winner.id(), winner.mode(), e.arch(), hv == null ? null : hv.name(), e.board(), source, lines);
    }

    /** The platform the command line forces, or null; the kernel's last-wins rule per key. */
    private Clue forced(Evidence e) {
        for (String key : FORCE_KEYS) {
            String value = null;
            for (KernelCmdline.Param p : e.cmdline().params()) {
                if (p.key().equals(key)) {
                    value = p.value() == null ? "" : p.value();
                }
            }
            if (value == null) {
                continue;
            }
            Platform p = byName.get(value);
            if (p == null) {
                throw new DetectionException("unknown platform \"" + printable(value) + "\" in " + key
                        + "= on the kernel command line (known: " + String.join(", ", knownNames()) + ")");
            }
            return new Clue("cmdline:" + key, value, p.id());
        }
        return null;
    }

    /** Platform ids for messages: the fallback, metal, first (it is tie-broken last), then the rest. */
    private List<String> knownNames() {
        List<String> names = new ArrayList<>();
        if (byName.containsKey("metal")) {
            names.add("metal");
        }
        for (String id : ids()) {
            if (!id.equals("metal")) {
                names.add(id);
            }
        }
        return names;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private static final class Holder {
        static final Detector STANDARD = new Detector(Platforms.builtIn());
    }
}
