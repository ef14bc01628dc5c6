package dev.bronze.platform.exoscale;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Exoscale: product name starting "Exoscale".
 */
public final class ExoscalePlatform implements Platform {

    static final String ID = "exoscale";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiStartsWith(100, "product_name", "Exoscale")
                .dmiEquals(100, "sys_vendor", "Exoscale")
                .cloudInitDatasource(90, "exoscale")
                .ignitionPlatform(95, "exoscale")
                .match();
    }
}
