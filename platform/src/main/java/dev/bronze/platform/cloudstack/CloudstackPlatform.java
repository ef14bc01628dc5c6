package dev.bronze.platform.cloudstack;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Apache CloudStack: product names starting "CloudStack" (its KVM hosts). On VMware or XenServer
 * CloudStack guests do not say so (cloud-init PR #707).
 */
public final class CloudstackPlatform implements Platform {

    static final String ID = "cloudstack";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiStartsWith(100, "product_name", "CloudStack")
                .dmiEquals(80, "sys_vendor", "Apache Software Foundation")
                .cloudInitDatasource(90, "cloudstack")
                .ignitionPlatform(95, "cloudstack")
                .match();
    }
}
