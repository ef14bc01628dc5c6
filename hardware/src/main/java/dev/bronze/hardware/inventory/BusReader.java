package dev.bronze.hardware.inventory;

import dev.bronze.hardware.SysRoot;
import java.util.ArrayList;
import java.util.List;

/** PCI, USB and platform devices from {@code /sys/bus/*}/devices with their modalias and bound driver. */
final class BusReader {

    private BusReader() {
    }

    static List<Inventory.PciDevice> pci(SysRoot root) {
        List<Inventory.PciDevice> out = new ArrayList<>();
        for (String addr : root.list("sys/bus/pci/devices")) {
            String b = "sys/bus/pci/devices/" + addr + "/";
            out.add(new Inventory.PciDevice(addr, Sysfs.hex(root, b + "vendor"), Sysfs.hex(root, b + "device"),
                    Sysfs.hex(root, b + "subsystem_vendor"), Sysfs.hex(root, b + "subsystem_device"),
                    Sysfs.hex(root, b + "class"), Sysfs.hex(root, b + "revision"), Sysfs.text(root, b + "modalias"),
                    Sysfs.linkName(root, b + "driver").orElse(null)));
        }
        return out;
    }

    /**
     * USB devices ({@code 1-1.2}, root hubs {@code usb1}) with their interfaces ({@code 1-1.2:1.0}),
     * which carry the modalias and the driver.
     */
    static List<Inventory.UsbDevice> usb(SysRoot root) {
        List<String> names = root.list("sys/bus/usb/devices");
        List<Inventory.UsbDevice> out = new ArrayList<>();
        for (String dev : names) {
            if (dev.contains(":")) {
                continue;
            }
            String b = "sys/bus/usb/devices/" + dev + "/";
            List<Inventory.UsbInterface> ifs = new ArrayList<>();
            // A root hub "usbN" names its interface "N-0:1.0".
            String prefix = dev.startsWith("usb") ? dev.substring(3) + "-0:" : dev + ":";
            for (String itf : names) {
                if (itf.startsWith(prefix)) {
                    String i = "sys/bus/usb/devices/" + itf + "/";
                    ifs.add(new Inventory.UsbInterface(itf, Sysfs.text(root, i + "bInterfaceClass"),
                            Sysfs.text(root, i + "modalias"), Sysfs.linkName(root, i + "driver").orElse(null)));
                }
            }
            out.add(new Inventory.UsbDevice(dev, Sysfs.text(root, b + "idVendor"), Sysfs.text(root, b + "idProduct"),
                    Sysfs.text(root, b + "manufacturer"), Sysfs.text(root, b + "product"),
                    Sysfs.text(root, b + "bDeviceClass"), Sysfs.text(root, b + "speed"), List.copyOf(ifs)));
        }
        return out;
    }

    /** Platform devices; on device-tree systems {@code of_node/compatible} names what the node is. */
    static List<Inventory.PlatformDevice> platform(SysRoot root) {
        List<Inventory.PlatformDevice> out = new ArrayList<>();
        for (String name : root.list("sys/bus/platform/devices")) {
            String b = "sys/bus/platform/devices/" + name + "/";
            out.add(new Inventory.PlatformDevice(name, Sysfs.stringList(root, b + "of_node/compatible"),
                    Sysfs.text(root, b + "modalias"), Sysfs.linkName(root, b + "driver").orElse(null)));
        }
        return out;
    }
}
