package dev.bronze.platform.oracle;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Oracle Cloud Infrastructure: asset tag "OracleCloud.com". Vendor "Oracle Corporation" is
 * VirtualBox, not OCI.
 */
public final class OraclePlatform implements Platform {

    static final String ID = "oracle";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "chassis_asset_tag", "OracleCloud.com")
                .cloudInitDatasource(90, "oracle")
                .ignitionPlatform(95, "oraclecloud")
                .match();
    }
}
