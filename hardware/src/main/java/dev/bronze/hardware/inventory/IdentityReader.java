package dev.bronze.hardware.inventory;

import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.smbios.BaseboardInfo;
import dev.bronze.hardware.smbios.BiosInfo;
import dev.bronze.hardware.smbios.SmbiosStrings;
import dev.bronze.hardware.smbios.SmbiosTable;
import dev.bronze.hardware.smbios.SystemInfo;
import java.util.List;

/**
 * System, baseboard, firmware and device-tree board identity. Fallback chain, one line per source:
 * SMBIOS tables (root), then {@code /sys/class/dmi/id} (world-readable but without serials for
 * users), then the device tree. Placeholder strings never reach the inventory.
 */
final class IdentityReader {

    static final String EFI_GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
    private static final String DMI_ID = "sys/class/dmi/id/";

    private IdentityReader() {
    }

    private static String m(String s) {
        return SmbiosStrings.meaningful(s).orElse(null);
    }

    static Inventory.SystemIdentity system(SysRoot root, SmbiosTable smbios, Inventory.Board board) {
        if (smbios != null && smbios.system().isPresent()) {
            SystemInfo s = smbios.system().get();
            String chassis = smbios.chassis().map(c -> c.type()).orElse(null);
            return new Inventory.SystemIdentity("smbios", m(s.manufacturer()), m(s.productName()), m(s.version()),
                    m(s.serialNumber()), m(s.uuid()), m(s.skuNumber()), m(s.family()), chassis);
        }
        if (root.exists(DMI_ID + "sys_vendor") || root.exists(DMI_ID + "product_name")) {
            Integer ct = Sysfs.integer(root, DMI_ID + "chassis_type");
            return new Inventory.SystemIdentity("dmi-id", m(dmi(root, "sys_vendor")), m(dmi(root, "product_name")),
                    m(dmi(root, "product_version")), m(dmi(root, "product_serial")), m(dmi(root, "product_uuid")),
                    m(dmi(root, "product_sku")), m(dmi(root, "product_family")),
                    ct == null ? null : SmbiosStrings.chassisType(ct));
        }
        if (board != null) {
            String vendor = null;
            if (!board.compatible().isEmpty()) {
                String c = board.compatible().get(0);
                vendor = c.contains(",") ? c.substring(0, c.indexOf(',')) : null;
            }
            return new Inventory.SystemIdentity("device-tree", vendor, board.model(), null, board.serialNumber(),
                    null, null, null, null);
        }
        return null;
    }

    static Inventory.Baseboard baseboard(SysRoot root, SmbiosTable smbios) {
        if (smbios != null && smbios.baseboard().isPresent()) {
            BaseboardInfo b = smbios.baseboard().get();
            return new Inventory.Baseboard(m(b.manufacturer()), m(b.productName()), m(b.version()),
                    m(b.serialNumber()), m(b.assetTag()));
        }
        if (root.exists(DMI_ID + "board_vendor") || root.exists(DMI_ID + "board_name")) {
            return new Inventory.Baseboard(m(dmi(root, "board_vendor")), m(dmi(root, "board_name")),
                    m(dmi(root, "board_version")), m(dmi(root, "board_serial")), m(dmi(root, "board_asset_tag")));
        }
        return null;
    }

    /** UEFI when the kernel was booted by EFI ({@code /sys/firmware/efi} exists); Secure Boot from efivarfs. */
    static Inventory.Firmware firmware(SysRoot root, SmbiosTable smbios, Inventory.Board board, List<String> notes) {
        boolean uefi = root.isDirectory("sys/firmware/efi");
        String secureBoot = "not-applicable";
        Boolean setupMode = null;
        if (uefi) {
            Integer sb = efiByte(root, "SecureBoot");
            Integer sm = efiByte(root, "SetupMode");
            secureBoot = sb == null ? "unknown" : sb == 1 ? "enabled" : "disabled";
            setupMode = sm == null ? null : sm == 1;
            if (sb == null) {
                notes.add("firmware: UEFI without a readable SecureBoot variable (efivarfs not mounted?)");
            }
        }
        String vendor;
        String version;
        String date;
        if (smbios != null && smbios.bios().isPresent()) {
            BiosInfo b = smbios.bios().get();
            vendor = b.vendor();
            version = b.version();
            date = b.releaseDate();
        } else {
            vendor = dmi(root, "bios_vendor");
            version = dmi(root, "bios_version");
            date = dmi(root, "bios_date");
        }
        // Without EFI, a device-tree board booted by its own loader (Raspberry Pi firmware, U-Boot) is not "BIOS".
        String mode = uefi ? "uefi" : smbios == null && vendor == null && board != null ? "device-tree" : "bios";
        return new Inventory.Firmware(mode, secureBoot, setupMode, m(vendor), m(version), m(date));
    }

    /** An EFI global variable's one-byte value after its 4-byte attributes (efivarfs layout). */
    static Integer efiByte(SysRoot root, String name) {
        SysRead r = root.read("sys/firmware/efi/efivars/" + name + "-" + EFI_GLOBAL, 64);
        if (r instanceof SysRead.Content c && !c.truncated() && c.bytes().length >= 5) {
            return c.bytes()[4] & 0xff;
        }
        return null;
    }

    /** Device-tree board identity (a private reader: the device-tree package owns the full model). */
    static Inventory.Board board(SysRoot root) {
        String base = root.isDirectory("sys/firmware/devicetree/base") ? "sys/firmware/devicetree/base/"
                : root.isDirectory("proc/device-tree") ? "proc/device-tree/" : null;
        if (base == null) {
            return cpuinfoBoard(root);
        }
        String model = Sysfs.text(root, base + "model");
        List<String> compatible = Sysfs.stringList(root, base + "compatible");
        if (model == null && compatible.isEmpty()) {
            return null;
        }
        String revision = null;
        if (root.read(base + "system/linux,revision", 16) instanceof SysRead.Content c && c.bytes().length == 4) {
            byte[] b = c.bytes();
            revision = String.format("%08x", ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff))
                    .replaceFirst("^0+(?=.)", "");
        }
        return new Inventory.Board(model, compatible, m(Sysfs.text(root, base + "serial-number")), revision);
    }

    /**
     * Raspberry Pi kernels also print the board in a trailing {@code /proc/cpuinfo} block ("Model",
     * "Revision", "Serial"); used when no device tree is visible (a container, an old kernel).
     */
    private static Inventory.Board cpuinfoBoard(SysRoot root) {
        if (!(root.read("proc/cpuinfo", 4 << 20) instanceof SysRead.Content c)) {
            return null;
        }
        CpuInfoText info = CpuInfoText.parse(new String(c.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        String model = info.first("Model");
        if (model == null) {
            return null;
        }
        String revision = info.first("Revision");
        return new Inventory.Board(model, List.of(), m(info.first("Serial")),
                revision == null ? null : revision.toLowerCase(java.util.Locale.ROOT).replaceFirst("^0+(?=.)", ""));
    }

    private static String dmi(SysRoot root, String name) {
        return Sysfs.text(root, DMI_ID + name);
    }
}
