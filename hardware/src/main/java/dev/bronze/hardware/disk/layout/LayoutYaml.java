package dev.bronze.hardware.disk.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bronze.hardware.disk.gpt.GptType;
import dev.bronze.hardware.disk.mbr.MbrPartition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A custom layout from YAML:
 *
 * <pre>
 * name: edge
 * table: gpt            # or mbr
 * slotPayload: 200MiB   # one boot slot (kernel + initramfs or UKI)
 * partitions:
 *   - label: EFI
 *     type: esp          # esp, bios-boot, linux, xbootldr, root-x86-64 ... or a GUID
 *     size: boot-slots   # a size (1MiB, 2GiB), boot-slots, or rest
 *     preferred: 1GiB    # with boot-slots
 *     filesystem: vfat   # vfat, xfs, ext4, zero, none
 *   - label: META
 *     type: linux
 *     size: 1MiB
 *     filesystem: zero
 *   - label: EPHEMERAL
 *     type: linux
 *     size: rest
 *     min: 2GiB
 *     filesystem: xfs
 *     attributes: [growfs]   # required, no-block-io, legacy-bios-bootable, read-only, growfs, no-auto, or 0..63
 * </pre>
 *
 * On {@code table: mbr} each partition gives {@code mbrType: 0x0c} and may say {@code bootable: true}.
 * Unknown keys are errors, so a typo never silently changes a disk.
 */
public final class LayoutYaml {

    static final int MAX_BYTES = 64 * 1024;
    private static final Set<String> TOP = Set.of("name", "table", "slotPayload", "partitions");
    private static final Set<String> PART = Set.of("label", "type", "mbrType", "size", "preferred", "min",
            "filesystem", "attributes", "bootable");

    private LayoutYaml() {
    }

    public static Layout read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new LayoutException("layout file " + file + " is larger than 64 KiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LayoutException("cannot read layout file " + file + ": " + e.getMessage());
        }
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), name, file.toString());
    }

    public static Layout parse(String yaml, String defaultName, String source) {
        if (yaml.length() > MAX_BYTES) {
            throw new LayoutException("layout " + source + " is larger than 64 KiB");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new LayoutException("layout " + source + " is not valid YAML: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            // SnakeYAML's own limits (aliases, nesting, code points) end up here.
            throw new LayoutException("layout " + source + " is not acceptable YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new LayoutException("layout " + source + " must be a mapping with a partitions list");
        }
        unknownKeys(root, TOP, source);
        String name = text(root, "name", source).orElse(defaultName);
        String tableText = text(root, "table", source).orElse("gpt").toUpperCase(Locale.ROOT);
        TableKind table;
        try {
            table = TableKind.valueOf(tableText);
        } catch (IllegalArgumentException e) {
            throw new LayoutException("layout " + source + ": table must be gpt or mbr, not " + tableText.toLowerCase(Locale.ROOT));
        }
        long payload = text(root, "slotPayload", source).map(Sizes::parse).orElse(Layout.DEFAULT_SLOT_PAYLOAD);
        JsonNode parts = root.get("partitions");
        if (parts == null || !parts.isArray() || parts.isEmpty()) {
            throw new LayoutException("layout " + source + ": partitions must be a non-empty list");
        }
        if (parts.size() > Layout.MAX_PARTITIONS) {
            throw new LayoutException("layout " + source + ": more than " + Layout.MAX_PARTITIONS + " partitions");
        }
        List<PartitionSpec> specs = new ArrayList<>();
        int i = 0;
        for (JsonNode p : parts) {
            i++;
            String where = source + " partition " + i;
            if (!p.isObject()) {
                throw new LayoutException("layout " + where + " must be a mapping");
            }
            unknownKeys(p, PART, where);
            String label = text(p, "label", where).orElseThrow(() -> new LayoutException("layout " + where + " has no label"));
            String typeText = text(p, "type", where).orElse("linux");
            UUID type = GptType.parse(typeText).orElseThrow(() -> new LayoutException("layout " + where
                    + ": unknown type \"" + typeText + "\" (a GUID or one of " + String.join(", ", GptType.names()) + ")"));
            int mbrType = text(p, "mbrType", where).map(t -> parseByte(t, where)).orElse(defaultMbrType(type));
            String sizeText = text(p, "size", where).orElseThrow(() -> new LayoutException("layout " + where + " has no size"));
            SizeSpec size = switch (sizeText.strip().toLowerCase(Locale.ROOT)) {
                case "rest" -> new SizeSpec.Rest(text(p, "min", where).map(Sizes::parse).orElse(Layout.MIB));
                case "boot-slots" -> new SizeSpec.BootSlots(text(p, "preferred", where).map(Sizes::parse).orElse(Layout.DEFAULT_ESP));
                default -> new SizeSpec.Fixed(Sizes.parse(sizeText));
            };
            String fsText = text(p, "filesystem", where).orElse("none");
            Filesystem fs = Filesystem.parse(fsText).orElseThrow(() -> new LayoutException("layout " + where
                    + ": filesystem must be vfat, xfs, ext4, zero or none, not " + fsText));
            long attrs = attributes(p.get("attributes"), where);
            boolean bootable = p.has("bootable") && p.get("bootable").asBoolean(false);
            specs.add(new PartitionSpec(label, size, type, mbrType, fs, attrs, bootable));
        }
        return new Layout(name, table, specs, payload);
    }

    private static int defaultMbrType(UUID type) {
        if (type.equals(GptType.ESP)) {
            return MbrPartition.TYPE_EFI;
        }
        if (type.equals(GptType.MICROSOFT_BASIC_DATA)) {
            return MbrPartition.TYPE_FAT32_LBA;
        }
        if (type.equals(GptType.LINUX_SWAP)) {
            return MbrPartition.TYPE_LINUX_SWAP;
        }
        return MbrPartition.TYPE_LINUX;
    }

    private static int parseByte(String t, String where) {
        try {
            String s = t.strip().toLowerCase(Locale.ROOT);
            int v = s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
            if (v < 1 || v > 0xff) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new LayoutException("layout " + where + ": mbrType must be a byte such as 0x0c or 0x83, not " + t);
        }
    }

    private static long attributes(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isArray()) {
            throw new LayoutException("layout " + where + ": attributes must be a list");
        }
        long bits = 0;
        for (JsonNode a : n) {
            String s = a.asText().strip().toLowerCase(Locale.ROOT);
            long bit = switch (s) {
                case "required" -> GptType.ATTR_REQUIRED;
                case "no-block-io" -> GptType.ATTR_NO_BLOCK_IO;
                case "legacy-bios-bootable" -> GptType.ATTR_LEGACY_BIOS_BOOTABLE;
                case "growfs" -> GptType.ATTR_DPS_GROWFS;
                case "read-only" -> GptType.ATTR_DPS_READ_ONLY;
                case "no-auto" -> GptType.ATTR_DPS_NO_AUTO;
                default -> {
                    try {
                        int b = Integer.parseInt(s);
                        if (b < 0 || b > 63) {
                            throw new NumberFormatException();
                        }
                        yield 1L << b;
                    } catch (NumberFormatException e) {
                        throw new LayoutException("layout " + where + ": unknown attribute \"" + s + "\"");
                    }
                }
            };
            bits |= bit;
        }
        return bits;
    }

    private static java.util.Optional<String> text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return java.util.Optional.empty();
        }
        if (!v.isValueNode()) {
            throw new LayoutException("layout " + where + ": " + key + " must be a single value");
        }
        return java.util.Optional.of(v.asText());
    }

    private static void unknownKeys(JsonNode n, Set<String> allowed, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new LayoutException("layout " + where + ": unknown key \"" + k + "\" (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
