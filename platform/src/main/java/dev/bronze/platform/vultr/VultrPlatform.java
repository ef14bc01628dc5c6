package dev.bronze.platform.vultr;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Vultr: vendor "Vultr", the bare word {@code vultr} on the command line (bare metal), or
 * {@code /etc/vultr}.
 */
public final class VultrPlatform implements Platform {

    static final String ID = "vultr";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "sys_vendor", "Vultr")
                .cmdlineWord(80, "vultr")
                .marker(60, "etc/vultr")
                .cloudInitDatasource(90, "vultr")
                .ignitionPlatform(95, "vultr")
                .match();
    }
}
