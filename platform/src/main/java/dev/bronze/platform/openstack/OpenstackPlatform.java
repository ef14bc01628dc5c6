package dev.bronze.platform.openstack;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * OpenStack: Nova's DMI product names, the asset tags of public OpenStack clouds (ds-identify's
 * list), Brightbox's serial, or a config drive ({@code config-2}).
 */
public final class OpenstackPlatform implements Platform {

    static final String ID = "openstack";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "product_name", "OpenStack Nova", "OpenStack Compute")
                .dmiEquals(100, "sys_vendor", "OpenStack Foundation")
                .dmiEquals(100, "chassis_asset_tag", "OpenTelekomCloud", "SAP CCloud VM", "HUAWEICLOUD",
                        "Samsung Cloud Platform", "OpenStack Nova", "OpenStack Compute")
                .dmiEndsWith(90, "product_serial", ".brightbox.com")
                .label(60, "config-2", "CONFIG-2")
                .cloudInitDatasource(90, "openstack", "configdrive")
                .ignitionPlatform(95, "openstack", "brightbox")
                .match();
    }
}
