package dev.bronze.platform.vmware;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * VMware vSphere/ESXi: the VMware DMI strings. A cloud's own identity wins a tie (vmware comes
 * after the clouds in the tie-break order) because OpenStack and CloudStack also run on ESXi
 * (SAP Converged Cloud sets its own asset tag on VMware DMI).
 */
public final class VmwarePlatform implements Platform {

    static final String ID = "vmware";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                // One fact told three times: the product name decides, the others only confirm.
                .dmiContainsIgnoreCase(80, "product_name", "vmware")
                .dmiEquals(60, "sys_vendor", "VMware, Inc.")
                .dmiStartsWith(10, "product_serial", "VMware-")
                .label(40, "OVF-TRANSPORT", "ovf-transport", "OVFENV", "ovfenv", "OVF ENV", "ovf env")
                .cloudInitDatasource(90, "vmware", "ovf")
                .ignitionPlatform(95, "vmware")
                .match();
    }
}
