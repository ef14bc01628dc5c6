package dev.bronze.platform.scaleway;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Scaleway: vendor "Scaleway", the bare word {@code scaleway} on the kernel command line (its
 * bare-metal boot), or {@code /run/scaleway}.
 */
public final class ScalewayPlatform implements Platform {

    static final String ID = "scaleway";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "sys_vendor", "Scaleway")
                .cmdlineWord(80, "scaleway")
                .marker(60, "run/scaleway")
                .marker(60, "var/run/scaleway")
                .cloudInitDatasource(90, "scaleway")
                .ignitionPlatform(95, "scaleway")
                .match();
    }
}
