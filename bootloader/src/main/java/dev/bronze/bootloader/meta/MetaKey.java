package dev.bronze.bootloader.meta;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.ExitCode;
import java.util.Locale;
import java.util.Optional;

/**
 * Named META tags. Tags 6..0x11 are Talos's ({@code pkg/machinery/meta/constants.go}); Bronze's
 * own keys sit at 0xb0 and above, far from Talos's growing range, so a Talos and a Bronze tool
 * can share one META partition. Tags 0..5 were the legacy syslinux ADV's and are not assigned.
 */
public enum MetaKey {
    UPGRADE(0x06, "Upgrade"),
    STAGED_UPGRADE_IMAGE_REF(0x07, "StagedUpgradeImageRef"),
    STAGED_UPGRADE_INSTALL_OPTIONS(0x08, "StagedUpgradeInstallOptions"),
    STATE_ENCRYPTION_CONFIG(0x09, "StateEncryptionConfig"),
    METAL_NETWORK_PLATFORM_CONFIG(0x0a, "MetalNetworkPlatformConfig"),
    DOWNLOAD_URL_CODE(0x0b, "DownloadURLCode"),
    USER_RESERVED_1(0x0c, "UserReserved1"),
    USER_RESERVED_2(0x0d, "UserReserved2"),
    USER_RESERVED_3(0x0e, "UserReserved3"),
    UUID_OVERRIDE(0x0f, "UUIDOverride"),
    UNIQUE_MACHINE_TOKEN(0x10, "UniqueMachineToken"),
    DISK_IMAGE_BOOTLOADER(0x11, "DiskImageBootloader"),
    /** The PEM public key that upgrades must be signed with (installed by {@code install --trust-key}). */
    BRONZE_TRUST_KEY(0xb0, "BronzeTrustKey"),
    /** SHA-256 of the trust key's DER encoding, hex: what operators compare. */
    BRONZE_TRUST_KEY_FINGERPRINT(0xb1, "BronzeTrustKeyFingerprint"),
    /** A mirror of the A/B state for the OS (the bootloader's own state is authoritative). */
    BRONZE_SLOTS(0xb2, "BronzeSlots");

    private final int tag;
    private final String talosName;

    MetaKey(int tag, String talosName) {
        this.tag = tag;
        this.talosName = talosName;
    }

    public int tag() {
        return tag;
    }

    /** The name Talos (or Bronze) uses for the key. */
    public String displayName() {
        return talosName;
    }

    public static Optional<MetaKey> ofTag(int tag) {
        for (MetaKey k : values()) {
            if (k.tag == tag) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a key as a Talos name ({@code Upgrade}, case-insensitive) or a tag number in decimal or
     * {@code 0x} hex, as {@code talosctl meta} and the installer's {@code --meta} accept.
     */
    public static int parseTag(String key) {
        String k = key.strip();
        for (MetaKey m : values()) {
            if (m.talosName.equalsIgnoreCase(k) || m.name().equalsIgnoreCase(k)) {
                return m.tag;
            }
        }
        try {
            int t = k.toLowerCase(Locale.ROOT).startsWith("0x") ? Integer.parseInt(k.substring(2), 16) : Integer.parseInt(k);
            if (t < 1 || t > 0xff) {
                throw new BootloaderException(ExitCode.USAGE, "META key " + key + " is out of range (1..255)");
            }
            return t;
        } catch (NumberFormatException e) {
            throw new BootloaderException(ExitCode.USAGE,
                    "unknown META key '" + key + "': give a name such as Upgrade or a tag number such as 0x0a");
        }
    }

    /** The name of a tag for listings: the key's name, or its number in hex. */
    public static String nameOf(int tag) {
        return ofTag(tag).map(MetaKey::displayName).orElse(String.format("0x%02x", tag));
    }
}
