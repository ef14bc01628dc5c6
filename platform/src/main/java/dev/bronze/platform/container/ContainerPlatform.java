package dev.bronze.platform.container;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Mode;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * A container: Docker's {@code /.dockerenv}, Podman's {@code /run/.containerenv}, Talos's
 * {@code /usr/etc/in-container}, {@code container=} in PID 1's environment, systemd's
 * {@code /run/systemd/container}, or a Kubernetes pod's service-account mount. Outranks every cloud: DMI and the command line seen from inside
 * a container are the host's.
 */
public final class ContainerPlatform implements Platform {

    static final String ID = "container";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Mode mode() {
        return Mode.CONTAINER;
    }

    @Override
    public Match score(Evidence e) {
        Signals s = Signals.of(e, ID);
        for (String m : e.containerMarkers()) {
            int eq = m.indexOf('=');
            s.add(200, eq < 0 ? "file" : m.substring(0, eq), eq < 0 ? m : m.substring(eq + 1));
        }
        return s.match(200);
    }
}
