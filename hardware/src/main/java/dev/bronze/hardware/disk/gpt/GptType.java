package dev.bronze.hardware.disk.gpt;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Partition type GUIDs that Bronze writes or recognises: UEFI's ESP, GRUB's BIOS boot partition,
 * Linux data and the types of the Discoverable Partitions Specification (UAPI.2).
 */
public final class GptType {

    public static final UUID ESP = UUID.fromString("c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
    public static final UUID BIOS_BOOT = UUID.fromString("21686148-6449-6e6f-744e-656564454649");
    public static final UUID LINUX_DATA = UUID.fromString("0fc63daf-8483-4772-8e79-3d69d8477de4");
    public static final UUID XBOOTLDR = UUID.fromString("bc13c2ff-59e6-4262-a352-b275fd6f7172");
    public static final UUID LINUX_SWAP = UUID.fromString("0657fd6d-a4ab-43c4-84e5-0933c84b4f4f");
    public static final UUID ROOT_X86_64 = UUID.fromString("4f68bce3-e8cd-4db1-96e7-fbcaf984b709");
    public static final UUID ROOT_ARM64 = UUID.fromString("b921b045-1df0-41c3-af44-4c6f280d3fae");
    public static final UUID ROOT_X86 = UUID.fromString("44479540-f297-41b2-9af7-d131d5f0458a");
    public static final UUID USR_X86_64 = UUID.fromString("8484680c-9521-48c6-9c11-b0720656f69e");
    public static final UUID USR_ARM64 = UUID.fromString("b0e01050-ee5f-4390-949a-9101b17104e9");
    public static final UUID ROOT_VERITY_X86_64 = UUID.fromString("2c7357ed-ebd2-46d9-aec1-23d437ec2bf5");
    public static final UUID ROOT_VERITY_ARM64 = UUID.fromString("df3300ce-d69f-4c92-978c-9bfb0f38d820");
    public static final UUID HOME = UUID.fromString("933ac7e1-2eb4-4f13-b844-0e14e2aef915");
    public static final UUID SRV = UUID.fromString("3b8f8425-20e0-4f3b-907f-1a25a76f98e8");
    public static final UUID VAR = UUID.fromString("4d21b016-b534-45c2-a9fb-5c16e091fd2d");
    public static final UUID VAR_TMP = UUID.fromString("7ec6f557-3bc5-4aca-b293-16ef5df639d1");
    public static final UUID LINUX_RAID = UUID.fromString("a19d880f-05fc-4d3b-a006-743f0f84911e");
    public static final UUID LINUX_LVM = UUID.fromString("e6d6d379-f507-44c2-a23c-238f2a3df928");
    public static final UUID MICROSOFT_BASIC_DATA = UUID.fromString("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7");

    /** UEFI 5.3.3 attribute bits. */
    public static final long ATTR_REQUIRED = 1L;
    public static final long ATTR_NO_BLOCK_IO = 1L << 1;
    public static final long ATTR_LEGACY_BIOS_BOOTABLE = 1L << 2;
    /** DPS (UAPI.2) flags in the type-specific range 48-63. */
    public static final long ATTR_DPS_GROWFS = 1L << 59;
    public static final long ATTR_DPS_READ_ONLY = 1L << 60;
    public static final long ATTR_DPS_NO_AUTO = 1L << 63;

    private static final Map<String, UUID> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("esp", ESP);
        BY_NAME.put("bios-boot", BIOS_BOOT);
        BY_NAME.put("linux", LINUX_DATA);
        BY_NAME.put("xbootldr", XBOOTLDR);
        BY_NAME.put("swap", LINUX_SWAP);
        BY_NAME.put("root-x86-64", ROOT_X86_64);
        BY_NAME.put("root-arm64", ROOT_ARM64);
        BY_NAME.put("root-x86", ROOT_X86);
        BY_NAME.put("usr-x86-64", USR_X86_64);
        BY_NAME.put("usr-arm64", USR_ARM64);
        BY_NAME.put("root-verity-x86-64", ROOT_VERITY_X86_64);
        BY_NAME.put("root-verity-arm64", ROOT_VERITY_ARM64);
        BY_NAME.put("home", HOME);
        BY_NAME.put("srv", SRV);
        BY_NAME.put("var", VAR);
        BY_NAME.put("var-tmp", VAR_TMP);
        BY_NAME.put("raid", LINUX_RAID);
        BY_NAME.put("lvm", LINUX_LVM);
        BY_NAME.put("microsoft-basic-data", MICROSOFT_BASIC_DATA);
    }

    private GptType() {
    }

    /** A type by short name ({@code esp}, {@code bios-boot}, {@code linux}, ...) or by GUID text. */
    public static Optional<UUID> parse(String nameOrGuid) {
        String s = nameOrGuid.strip().toLowerCase(Locale.ROOT);
        UUID byName = BY_NAME.get(s);
        if (byName != null) {
            return Optional.of(byName);
        }
        if (s.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return Optional.of(UUID.fromString(s));
        }
        return Optional.empty();
    }

    /** The short name of a known type, else the GUID in lower case. */
    public static String name(UUID type) {
        for (Map.Entry<String, UUID> e : BY_NAME.entrySet()) {
            if (e.getValue().equals(type)) {
                return e.getKey();
            }
        }
        return type.toString();
    }

    /** The short names this class knows, for help texts. */
    public static Iterable<String> names() {
        return BY_NAME.keySet();
    }
}
