package dev.bronze.hardware.inventory;

import java.util.List;

/**
 * What this machine is made of, from sysfs, procfs, SMBIOS and the device tree, read through one
 * {@link dev.bronze.hardware.SysRoot}. Absent parts are null or empty lists; {@code notes} says
 * which sources were missing or unreadable, so a report can tell "none" from "could not look".
 */
public record Inventory(SystemIdentity system, Baseboard baseboard, Board board, Firmware firmware, Cpus cpus,
        Memory memory, Bmc bmc, List<NetworkInterface> network, List<PciDevice> pci, List<UsbDevice> usb,
        List<PlatformDevice> platformDevices, Tpm tpm, List<Watchdog> watchdogs, List<Rtc> rtcs,
        List<DiskSummary> disks, List<String> notes) {

    /** System identity; {@code source} is "smbios", "dmi-id" or "device-tree"; placeholders are dropped. */
    public record SystemIdentity(String source, String manufacturer, String productName, String version,
            String serialNumber, String uuid, String skuNumber, String family, String chassisType) {
    }

    public record Baseboard(String manufacturer, String productName, String version, String serialNumber,
            String assetTag) {
    }

    /**
     * A device-tree board: {@code model} and {@code compatible} (board first, SoC last), the serial
     * number and the raw revision code as hex when the firmware provides them. Decoding the Raspberry
     * Pi revision belongs to the device-tree package.
     */
    public record Board(String model, List<String> compatible, String serialNumber, String revisionCode) {

        /** The Raspberry Pi revision code decoded by its bit fields ("Raspberry Pi 4B rev 1.4, 8 GB, ..."), if it is one. */
        @com.fasterxml.jackson.annotation.JsonProperty("revision")
        public String revision() {
            return revisionCode == null ? null
                    : dev.bronze.hardware.devicetree.RpiRevision.parse(revisionCode).map(dev.bronze.hardware.devicetree.RpiRevision::describe)
                            .orElse(null);
        }
    }

    /**
     * {@code mode} "uefi", "bios" or "device-tree" (a board started by its own loader, such as the
     * Raspberry Pi firmware or U-Boot without EFI); {@code secureBoot} "enabled", "disabled" or "unknown" (UEFI
     * without a readable SecureBoot variable) and "not-applicable" on BIOS.
     */
    public record Firmware(String mode, String secureBoot, Boolean setupMode, String vendor, String version,
            String releaseDate) {
    }

    /**
     * {@code x86Level} 1-4 on x86-64, 0 for an x86 CPU below x86-64-v1 (null on other architectures);
     * {@code armCore} from the MIDR implementer and part.
     */
    public record Cpus(String architecture, String vendor, String model, int sockets, int cores, int threads,
            Integer x86Level, List<String> missingForNextLevel, Integer armImplementer, Integer armPart,
            String armCore, Long maxFrequencyKhz, List<String> flags) {
    }

    /** {@code totalBytes} is what the kernel manages (MemTotal); modules are SMBIOS type 17 slots in use. */
    public record Memory(long totalBytes, Long installedBytes, List<MemoryModule> modules) {
    }

    public record MemoryModule(String locator, String bankLocator, Long sizeBytes, String type, Integer speedMts,
            String manufacturer, String partNumber, String serialNumber) {
    }

    /** A baseboard management controller the firmware describes (SMBIOS type 38). */
    public record Bmc(String interfaceType, String ipmiVersion, String baseAddress) {
    }

    /** A physical network interface; {@code speedMbps} null when the link is down or unknown. */
    public record NetworkInterface(String name, String mac, String driver, String bus, String busAddress,
            String operstate, Boolean carrier, Integer speedMbps, Integer mtu) {
    }

    /** Ids are lower-case hex without 0x; {@code classCode} is the 24-bit class ("010802"). */
    public record PciDevice(String address, String vendorId, String deviceId, String subsystemVendorId,
            String subsystemDeviceId, String classCode, String revision, String modalias, String driver) {
    }

    public record UsbDevice(String name, String vendorId, String productId, String manufacturer, String product,
            String deviceClass, String speedMbps, List<UsbInterface> interfaces) {
    }

    public record UsbInterface(String name, String interfaceClass, String modalias, String driver) {
    }

    public record PlatformDevice(String name, List<String> compatible, String modalias, String driver) {
    }

    /** {@code versionMajor} 1 (TPM 1.2) or 2; {@code source} "sysfs" or "smbios" (firmware-described only). */
    public record Tpm(boolean present, Integer versionMajor, String driver, String source) {
    }

    public record Watchdog(String name, String identity, Integer timeoutSeconds, String driver) {
    }

    public record Rtc(String name, String rtcName, String driver, Boolean hctosys) {
    }

    /** The part of a disk inventory shows; filled by a {@link DiskSource}. */
    public record DiskSummary(String name, long sizeBytes, String model, String serial, Boolean rotational,
            Boolean removable, String transport) {
    }
}
