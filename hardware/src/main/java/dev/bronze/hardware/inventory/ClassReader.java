package dev.bronze.hardware.inventory;

import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.smbios.SmbiosTable;
import java.util.ArrayList;
import java.util.List;

/** TPM, watchdog and RTC devices from {@code /sys/class}. */
final class ClassReader {

    private ClassReader() {
    }

    /**
     * The kernel's TPM wins; without one, a TPM the firmware lists in SMBIOS type 43 is reported as
     * present but not usable by the OS ({@code source} "smbios"): disabled in setup or no driver.
     */
    static Inventory.Tpm tpm(SysRoot root, SmbiosTable smbios) {
        for (String name : root.list("sys/class/tpm")) {
            if (!name.matches("tpm\\d+")) {
                continue;
            }
            String b = "sys/class/tpm/" + name + "/";
            Integer major = Sysfs.integer(root, b + "tpm_version_major");
            if (major == null && root.exists(b + "caps")) {
                major = 1; // TPM 1.2 drivers expose caps/pcrs and predate tpm_version_major.
            }
            return new Inventory.Tpm(true, major, Sysfs.linkName(root, b + "device/driver").orElse(null), "sysfs");
        }
        if (smbios != null && smbios.tpm().isPresent()) {
            return new Inventory.Tpm(false, smbios.tpm().get().specMajor(), null, "smbios");
        }
        return new Inventory.Tpm(false, null, null, null);
    }

    static List<Inventory.Watchdog> watchdogs(SysRoot root) {
        List<Inventory.Watchdog> out = new ArrayList<>();
        for (String name : root.list("sys/class/watchdog")) {
            String b = "sys/class/watchdog/" + name + "/";
            out.add(new Inventory.Watchdog(name, Sysfs.text(root, b + "identity"), Sysfs.integer(root, b + "timeout"),
                    Sysfs.linkName(root, b + "device/driver").orElse(null)));
        }
        return out;
    }

    static List<Inventory.Rtc> rtcs(SysRoot root) {
        List<Inventory.Rtc> out = new ArrayList<>();
        for (String name : root.list("sys/class/rtc")) {
            String b = "sys/class/rtc/" + name + "/";
            String hctosys = Sysfs.text(root, b + "hctosys");
            out.add(new Inventory.Rtc(name, Sysfs.text(root, b + "name"),
                    Sysfs.linkName(root, b + "device/driver").orElse(null), hctosys == null ? null : hctosys.equals("1")));
        }
        return out;
    }
}
