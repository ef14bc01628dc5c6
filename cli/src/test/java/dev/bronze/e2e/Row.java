package dev.bronze.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One row of the end-to-end matrix: firmware, bootloader, architecture and the platform the guest
 * must detect. The four metal rows run the full A/B scenario; the cloud rows install, boot, detect
 * and fetch.
 */
public enum Row {
    UEFI_SDBOOT_METAL("uefi-sdboot-metal", "amd64", Firmware.UEFI, "sd-boot", "metal"),
    UEFI_GRUB_METAL("uefi-grub-metal", "amd64", Firmware.UEFI, "grub", "metal"),
    BIOS_GRUB_METAL("bios-grub-metal", "amd64", Firmware.BIOS, "grub-bios", "metal"),
    ARM64_SDBOOT_METAL("arm64-sdboot-metal", "arm64", Firmware.UEFI, "sd-boot", "metal"),
    UEFI_SDBOOT_AWS("uefi-sdboot-aws", "amd64", Firmware.UEFI, "sd-boot", "aws"),
    UEFI_SDBOOT_GCP("uefi-sdboot-gcp", "amd64", Firmware.UEFI, "sd-boot", "gcp"),
    UEFI_SDBOOT_AZURE("uefi-sdboot-azure", "amd64", Firmware.UEFI, "sd-boot", "azure"),
    UEFI_SDBOOT_VMWARE("uefi-sdboot-vmware", "amd64", Firmware.UEFI, "sd-boot", "vmware"),
    UEFI_SDBOOT_OPENSTACK("uefi-sdboot-openstack", "amd64", Firmware.UEFI, "sd-boot", "openstack"),
    UEFI_SDBOOT_NOCLOUD("uefi-sdboot-nocloud", "amd64", Firmware.UEFI, "sd-boot", "nocloud");

    public enum Firmware { UEFI, BIOS }

    private final String id;
    private final String arch;
    private final Firmware firmware;
    private final String bootloader;
    private final String platform;

    Row(String id, String arch, Firmware firmware, String bootloader, String platform) {
        this.id = id;
        this.arch = arch;
        this.firmware = firmware;
        this.bootloader = bootloader;
        this.platform = platform;
    }

    public String id() {
        return id;
    }

    /** Debian's name: amd64 or arm64. */
    public String arch() {
        return arch;
    }

    public Firmware firmware() {
        return firmware;
    }

    /** As {@code bronze install --bootloader} takes it. */
    public String bootloader() {
        return bootloader;
    }

    /** What detection in the guest must answer. */
    public String platform() {
        return platform;
    }

    /** The full A/B scenario (upgrade, rollback, panic, hang) runs on the firmware/bootloader rows. */
    public boolean fullScenario() {
        return platform.equals("metal");
    }

    /** The row whose trial upgrade is done by the guest itself (the live-node path). */
    public boolean liveUpgrade() {
        return this == UEFI_SDBOOT_METAL;
    }

    /** The serial console the kernel must write to. */
    public String console() {
        return arch.equals("arm64") ? "ttyAMA0" : "ttyS0";
    }

    /**
     * The rows named on the command line, in matrix order, each once; every row when none is named.
     *
     * @throws IllegalArgumentException naming the unknown rows and the known ones
     */
    public static List<Row> parse(List<String> names) {
        if (names.isEmpty()) {
            return List.of(values());
        }
        Set<Row> picked = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String n : names) {
            String key = n.strip().toLowerCase(Locale.ROOT);
            Row r = Arrays.stream(values()).filter(x -> x.id.equals(key)).findFirst().orElse(null);
            if (r == null) {
                unknown.add(n);
            } else {
                picked.add(r);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown row" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; rows: " + Arrays.stream(values()).map(Row::id).collect(Collectors.joining(" ")));
        }
        return Arrays.stream(values()).filter(picked::contains).toList();
    }
}
