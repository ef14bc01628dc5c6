package dev.bronze.platform.upcloud;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * UpCloud: vendor "UpCloud".
 */
public final class UpcloudPlatform implements Platform {

    static final String ID = "upcloud";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "sys_vendor", "UpCloud")
                .cloudInitDatasource(90, "upcloud")
                .ignitionPlatform(95, "upcloud")
                .match();
    }
}
