package dev.bronze.platform.gcp;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Google Compute Engine: product name "Google Compute Engine" (older instances just "Google",
 * cloud-init #2835), vendor "Google", serial "GoogleCloud-…".
 */
public final class GcpPlatform implements Platform {

    static final String ID = "gcp";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "product_name", "Google Compute Engine", "Google")
                .dmiEquals(100, "sys_vendor", "Google")
                .dmiEquals(100, "bios_vendor", "Google")
                .dmiStartsWith(100, "product_serial", "GoogleCloud-")
                .cloudInitDatasource(90, "gce")
                .ignitionPlatform(95, "gcp")
                .match();
    }
}
