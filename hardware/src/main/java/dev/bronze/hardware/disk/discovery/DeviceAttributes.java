package dev.bronze.hardware.disk.discovery;

import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a disk's device directory says about the hardware: the transport (from where the device
 * sits in sys/devices and its SCSI host), the modalias, and serials and ids that are not plain
 * attributes (SCSI VPD page 0x80, a USB device's iSerial, NVMe EUI-64/NGUID).
 */
final class DeviceAttributes {

    private static final int MAX_DEPTH = 16;
    private static final Pattern ATA_PORT = Pattern.compile("/ata\\d+/");
    private static final Pattern USB_BUS = Pattern.compile("/usb\\d+/");
    private static final Pattern USB_DEVICE = Pattern.compile("\\d+-\\d+(\\.\\d+)*");
    private static final Pattern SCSI_HOST = Pattern.compile("/host(\\d+)/");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private final SysRoot root;

    DeviceAttributes(SysRoot root) {
        this.root = root;
    }

    Transport transport(String name, String dir, String devDir, boolean nvmeHead) {
        String path = "/" + dir + "/";
        if (nvmeHead || name.matches("nvme\\d+n\\d+") || path.contains("/nvme/")) {
            return Transport.NVME;
        }
        if (name.startsWith("mmcblk") || path.contains("/mmc_host/")) {
            return Transport.MMC;
        }
        if (USB_BUS.matcher(path).find()) {
            return Transport.USB;
        }
        if (name.startsWith("vd") && path.contains("/virtio")) {
            return Transport.VIRTIO;
        }
        if (name.startsWith("xvd") || path.contains("/vbd-")) {
            return Transport.XEN;
        }
        var host = SCSI_HOST.matcher(path);
        if (!host.find()) {
            return Transport.NONE;
        }
        String h = "host" + host.group(1);
        if (root.exists("sys/class/sas_host/" + h) || path.contains("/end_device-")) {
            return Transport.SAS;
        }
        if (root.exists("sys/class/fc_host/" + h) || path.contains("/rport-")) {
            return Transport.FC;
        }
        if (root.exists("sys/class/iscsi_host/" + h) || path.contains("/session")) {
            return Transport.ISCSI;
        }
        String proc = root.text("sys/class/scsi_host/" + h + "/proc_name").orElse("");
        if (proc.equals("virtio_scsi")) {
            return Transport.VIRTIO;
        }
        if (ATA_PORT.matcher(path).find()) {
            if (proc.isEmpty() || proc.equals("ahci") || proc.contains("sata")) {
                return Transport.SATA;
            }
            return Transport.ATA;
        }
        return Transport.SCSI;
    }

    /** The device's modalias, or its nearest ancestor's: an NVMe controller has none, its PCI function has. */
    String modalias(String devDir) {
        String d = devDir;
        for (int i = 0; i < MAX_DEPTH && d.startsWith("sys/devices/"); i++) {
            String m = text(d + "/modalias");
            if (!m.isEmpty()) {
                return m;
            }
            d = SysfsPaths.parent(d);
        }
        return "";
    }

    /** VPD page 0x80 (SPC-4 Unit Serial Number): a 4-byte header, then the serial in ASCII. */
    String vpdSerial(String devDir) {
        if (root.read(devDir + "/vpd_pg80", 256) instanceof SysRead.Content c && !c.truncated() && c.bytes().length > 4
                && (c.bytes()[1] & 0xff) == 0x80) {
            byte[] b = c.bytes();
            int len = Math.min((b[2] & 0xff) << 8 | (b[3] & 0xff), b.length - 4);
            StringBuilder s = new StringBuilder();
            for (int i = 4; i < 4 + len; i++) {
                int ch = b[i] & 0xff;
                if (ch >= 0x20 && ch < 0x7f) {
                    s.append((char) ch);
                }
            }
            return s.toString().strip();
        }
        return "";
    }

    /**
     * The full ATA model from VPD page 0x89 (SAT-4 ATA Information: the IDENTIFY DEVICE data from
     * byte 60), because the SCSI model that libata makes up for {@code device/model} is cut at 16
     * characters ("Samsung SSD 860 " for "Samsung SSD 860 EVO 500GB"). IDENTIFY words 27-46 hold
     * the model, two characters per little-endian word, first character in the high byte.
     */
    String ataModel(String devDir) {
        if (root.read(devDir + "/vpd_pg89", 1024) instanceof SysRead.Content c && !c.truncated()) {
            byte[] b = c.bytes();
            int base = 60 + 54;
            if (b.length >= base + 40 && (b[1] & 0xff) == 0x89) {
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < 40; i += 2) {
                    appendPrintable(s, b[base + i + 1]);
                    appendPrintable(s, b[base + i]);
                }
                return s.toString().strip();
            }
        }
        return "";
    }

    private static void appendPrintable(StringBuilder s, byte b) {
        int ch = b & 0xff;
        if (ch >= 0x20 && ch < 0x7f) {
            s.append((char) ch);
        }
    }

    /** usb-storage has no VPD serial: the USB device's iSerial (the ancestor with idVendor) is the disk's. */
    String usbSerial(String devDir) {
        String d = devDir;
        for (int i = 0; i < MAX_DEPTH && d.startsWith("sys/devices/"); i++) {
            // A USB device's directory is named bus-port[.port...] ("2-1", "1-4.2"); its interfaces are "2-1:1.0".
            if (root.exists(d + "/idVendor") || USB_DEVICE.matcher(SysfsPaths.base(d)).matches()) {
                return text(d + "/serial");
            }
            d = SysfsPaths.parent(d);
        }
        return "";
    }

    /** The nvme {@code eui} ("00 25 38 ...") or {@code nguid} (UUID form) as the kernel's wwid spells it. */
    static String eui(String raw) {
        String hex = raw.replace(" ", "").replace("-", "").toLowerCase(Locale.ROOT);
        if (hex.isEmpty() || !HEX.matcher(hex).matches() || hex.chars().allMatch(c -> c == '0')) {
            return "";
        }
        return "eui." + hex;
    }

    private String text(String rel) {
        return root.text(rel).orElse("");
    }
}
