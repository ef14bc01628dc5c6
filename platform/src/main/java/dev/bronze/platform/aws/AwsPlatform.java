package dev.bronze.platform.aws;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;
import java.util.Locale;

/**
 * Amazon EC2. Nitro sets DMI vendor, BIOS vendor and asset tag to "Amazon EC2"; Xen-era instances
 * expose {@code sys/hypervisor/uuid} starting "ec2" and a BIOS version ending "amazon". The
 * product UUID rule (cloud-init's, including the byte-swapped form) is only a hint: a random UUID
 * starts with "ec2" once in 4096 machines, which is why cloud-init needs its strict_id check.
 */
public final class AwsPlatform implements Platform {

    static final String ID = "aws";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        Signals s = Signals.of(e, ID)
                .dmiEquals(100, "sys_vendor", "Amazon EC2")
                .dmiEquals(100, "bios_vendor", "Amazon EC2")
                .dmiEquals(100, "chassis_asset_tag", "Amazon EC2")
                .dmiContainsIgnoreCase(100, "bios_version", "amazon")
                .cloudInitDatasource(90, "ec2")
                .ignitionPlatform(95, "aws");
        if (e.hypervisorUuid() != null && e.hypervisorUuid().toLowerCase(Locale.ROOT).startsWith("ec2")) {
            s.add(100, "sys/hypervisor/uuid", e.hypervisorUuid());
        }
        String uuid = e.dmi().get("product_uuid");
        if (uuid != null && ec2Uuid(uuid)) {
            s.add(40, "dmi:product_uuid", uuid);
        }
        String serial = e.dmi().get("product_serial");
        if (serial != null && serial.toLowerCase(Locale.ROOT).startsWith("ec2") && ec2Uuid(serial)) {
            s.add(40, "dmi:product_serial", serial);
        }
        return s.match();
    }

    /** cloud-init's rule: the first group starts "ec2", or ends "2?ec" when stored little-endian. */
    static boolean ec2Uuid(String uuid) {
        String u = uuid.toLowerCase(Locale.ROOT);
        if (u.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = u.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return u.startsWith("ec2") || u.substring(6, 8).equals("ec") && u.charAt(4) == '2';
    }
}
