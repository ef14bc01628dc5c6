package dev.bronze.platform.nocloud;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * NoCloud (QEMU/KVM, Proxmox, KubeVirt, Pi images): {@code ds=nocloud} in the SMBIOS serial or on
 * the kernel command line, or a {@code cidata}/{@code CIDATA} volume.
 */
public final class NocloudPlatform implements Platform {

    static final String ID = "nocloud";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        Signals s = Signals.of(e, ID)
                .label(60, "cidata", "CIDATA")
                .cloudInitDatasource(90, "nocloud", "nocloud-net")
                .ignitionPlatform(95, "kubevirt", "proxmoxve");
        String serial = e.dmi().get("product_serial");
        if (serial != null && (serial.startsWith("ds=nocloud") || serial.contains(" ds=nocloud"))) {
            s.add(100, "dmi:product_serial", serial);
        }
        return s.match();
    }
}
