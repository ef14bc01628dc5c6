package dev.bronze.platform.akamai;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Akamai Connected Cloud (Linode): vendor "Linode" or "Akamai".
 */
public final class AkamaiPlatform implements Platform {

    static final String ID = "akamai";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "sys_vendor", "Linode", "Akamai", "Akamai Technologies")
                .cloudInitDatasource(90, "akamai")
                .ignitionPlatform(95, "akamai")
                .match();
    }
}
