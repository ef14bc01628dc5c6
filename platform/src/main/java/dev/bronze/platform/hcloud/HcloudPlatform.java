package dev.bronze.platform.hcloud;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Hetzner Cloud: vendor "Hetzner".
 */
public final class HcloudPlatform implements Platform {

    static final String ID = "hcloud";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "sys_vendor", "Hetzner")
                .cloudInitDatasource(90, "hetzner")
                .ignitionPlatform(95, "hetzner")
                .match();
    }
}
