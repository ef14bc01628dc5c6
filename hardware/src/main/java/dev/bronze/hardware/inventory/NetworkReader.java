package dev.bronze.hardware.inventory;

import dev.bronze.hardware.SysRoot;
import java.util.ArrayList;
import java.util.List;

/**
 * Physical network interfaces from {@code /sys/class/net}. Virtual ones (loopback, bridges, bonds,
 * veth, tunnels: their sysfs node lives under {@code devices/virtual} and they have no
 * {@code device} link) are skipped.
 */
final class NetworkReader {

    private NetworkReader() {
    }

    static List<Inventory.NetworkInterface> read(SysRoot root) {
        List<Inventory.NetworkInterface> out = new ArrayList<>();
        for (String name : root.list("sys/class/net")) {
            String base = "sys/class/net/" + name + "/";
            String node = root.readLink("sys/class/net/" + name).orElse("");
            if (node.contains("/virtual/") || !root.exists(base + "device")) {
                continue;
            }
            String driver = Sysfs.linkName(root, base + "device/driver").orElse(null);
            String bus = Sysfs.linkName(root, base + "device/subsystem").orElse(null);
            String busAddress = Sysfs.linkName(root, base + "device").orElse(null);
            // carrier and speed are unreadable (EINVAL) while the interface is down: that reads as unknown.
            String carrier = Sysfs.text(root, base + "carrier");
            Integer speed = Sysfs.integer(root, base + "speed");
            out.add(new Inventory.NetworkInterface(name, Sysfs.text(root, base + "address"), driver, bus, busAddress,
                    Sysfs.text(root, base + "operstate"), carrier == null ? null : carrier.equals("1"),
                    speed == null || speed <= 0 ? null : speed, Sysfs.integer(root, base + "mtu")));
        }
        return out;
    }
}
