package dev.bronze.platform.metal;

import dev.bronze.hardware.SysRoot;
import java.util.Locale;
import java.util.Optional;

/**
 * The values a {@code talos.config=} URL may name: SMBIOS system UUID and serial, the first
 * hardware address, the hostname. Read through {@link SysRoot}; an all-0xFF or placeholder DMI
 * value counts as absent.
 */
public record SystemFacts(Optional<String> uuid, Optional<String> serial, Optional<String> mac, Optional<String> hostname) {

    public static SystemFacts read(SysRoot root) {
        return new SystemFacts(
                dmi(root, "product_uuid").map(s -> s.toLowerCase(Locale.ROOT)),
                dmi(root, "product_serial"),
                firstMac(root),
                root.text("proc/sys/kernel/hostname").filter(s -> !s.isBlank() && !s.equals("(none)")));
    }

    private static Optional<String> dmi(SysRoot root, String field) {
        return root.text("sys/class/dmi/id/" + field).filter(SystemFacts::meaningful);
    }

    static boolean meaningful(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        return !s.isEmpty() && !s.matches("[f\\-]+|[0\\-]+") && !s.equals("not specified") && !s.equals("none")
                && !s.equals("to be filled by o.e.m.") && !s.equals("default string") && !s.equals("system serial number");
    }

    /**
     * The hardware address of the first physical interface in index order: only links backed by a
     * device (no lo, bridges, veths or bonds), as Talos's FirstHardwareAddr.
     */
    static Optional<String> firstMac(SysRoot root) {
        String best = null;
        int bestIndex = Integer.MAX_VALUE;
        for (String ifname : root.list("sys/class/net")) {
            if (!root.exists("sys/class/net/" + ifname + "/device")) {
                continue;
            }
            Optional<String> mac = root.text("sys/class/net/" + ifname + "/address")
                    .filter(m -> m.matches("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}") && !m.equals("00:00:00:00:00:00"));
            if (mac.isEmpty()) {
                continue;
            }
            int idx = root.text("sys/class/net/" + ifname + "/ifindex").filter(s -> s.matches("\\d{1,9}"))
                    .map(Integer::parseInt).orElse(Integer.MAX_VALUE - 1);
            if (idx < bestIndex) {
                bestIndex = idx;
                best = mac.get().toLowerCase(Locale.ROOT);
            }
        }
        return Optional.ofNullable(best);
    }
}
