package dev.bronze.platform;

import dev.bronze.hardware.SysRoot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

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

    /** The platforms registered with ServiceLoader, loaded once per class loader. */
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
        return platforms.stream().map(Platform::id).toList();
    }

    public Optional<Platform> platform(String id) {
        return Optional.ofNullable(byName.get(id));
    }

    public Detection decide(Evidence e) {
        List<Clue> facts = new ArrayList<>();
        Optional<Hypervisor.Found> hv = Hypervisor.identify(e);
        String hypervisor = hv.map(Hypervisor.Found::name).orElse(null);
        hv.ifPresent(h -> facts.add(h.clue()));
        e.unavailable().forEach((src, why) -> facts.add(new Clue(src, why, null)));

        record Scored(Platform platform, Match match, int order) {
        }
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < platforms.size(); i++) {
            Match m;
            try {
                m = platforms.get(i).score(e);
            } catch (RuntimeException ex) {
                // One broken platform must not stop detection of the others.
                facts.add(new Clue("platform:" + platforms.get(i).id(), "scoring failed: " + ex, null));
                continue;
            }
            if (m != null && m.score() > 0) {
                scored.add(new Scored(platforms.get(i), m, i));
            }
        }
        scored.sort(Comparator.comparingInt((Scored s) -> -s.match().score()).thenComparingInt(Scored::order));
        Optional<Scored> container = scored.stream().filter(s -> s.platform().mode() == Mode.CONTAINER).findFirst();

        Platform winner;
        Source source;
        List<Clue> lines = new ArrayList<>();
        Optional<Clue> forced = container.isPresent() ? Optional.empty() : forced(e);
        if (forced.isPresent()) {
            winner = byName.get(forced.get().platform());
            source = Source.CMDLINE;
            lines.add(forced.get());
        } else if (container.isPresent()) {
            winner = container.get().platform();
            source = Source.DETECTED;
        } else if (!scored.isEmpty() && scored.get(0).match().score() >= MIN_SCORE) {
            winner = scored.get(0).platform();
            source = Source.DETECTED;
        } else {
            winner = byName.get("metal");
            if (winner == null) {
                throw new DetectionException("no platform named metal is registered");
            }
            source = Source.FALLBACK;
        }
        // The winner's clues first, then what spoke for the others (the "why not" of the answer).
        for (Scored s : scored) {
            if (s.platform() == winner) {
                lines.addAll(s.match().clues());
            }
        }
        for (Scored s : scored) {
            if (s.platform() != winner) {
                lines.addAll(s.match().clues());
            }
        }
        lines.addAll(facts);
        return new Detection(winner.id(), winner.mode(), e.arch(), hypervisor, e.board(), source, lines);
    }

    private Optional<Clue> forced(Evidence e) {
        for (String key : FORCE_KEYS) {
            Optional<String> v = e.cmdline().get(key);
            if (v.isEmpty() && !e.cmdline().has(key)) {
                continue;
            }
            String value = v.orElse("");
            Platform p = byName.get(value);
            if (p == null) {
                throw new DetectionException("unknown platform \"" + printable(value) + "\" in " + key
                        + "= on the kernel command line (known: " + String.join(", ", ids()) + ")");
            }
            return Optional.of(new Clue("cmdline:" + key, value, p.id()));
        }
        return Optional.empty();
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
        static final Detector STANDARD = load();

        private static Detector load() {
            List<Platform> list = new ArrayList<>();
            for (Platform p : ServiceLoader.load(Platform.class, Detector.class.getClassLoader())) {
                list.add(p);
            }
            return new Detector(list);
        }
    }
}
