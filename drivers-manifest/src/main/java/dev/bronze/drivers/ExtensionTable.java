package dev.bronze.drivers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bronze.hardware.modalias.Fnmatch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The small data table ({@code extensions.yaml}) saying which system extension ships what the
 * base image lacks: firmware by path prefix, device classes by modalias pattern, and modules
 * built outside the kernel tree (NVIDIA, ZFS).
 */
public record ExtensionTable(List<FirmwareRule> firmware, List<DeviceRule> devices, List<ExtraModule> modules) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FirmwareRule(String prefix, String extension) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceRule(String pattern, String extension) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExtraModule(String name, String extension, List<String> aliases) {
        public ExtraModule {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    public ExtensionTable {
        firmware = firmware == null ? List.of() : List.copyOf(firmware);
        devices = devices == null ? List.of() : List.copyOf(devices);
        modules = modules == null ? List.of() : List.copyOf(modules);
        // Longest prefix first, so the first hit is the most specific.
        List<FirmwareRule> sorted = new ArrayList<>(firmware);
        sorted.sort(Comparator.comparingInt((FirmwareRule r) -> r.prefix().length()).reversed());
        firmware = List.copyOf(sorted);
    }

    /** The table shipped with Bronze. */
    public static ExtensionTable bundled() {
        try (InputStream in = ExtensionTable.class.getResourceAsStream("extensions.yaml")) {
            if (in == null) {
                throw new DriversException("extensions.yaml is missing from the drivers-manifest jar");
            }
            return new ObjectMapper(new YAMLFactory()).readValue(in, ExtensionTable.class);
        } catch (IOException e) {
            throw new DriversException("cannot read extensions.yaml: " + e.getMessage(), e);
        }
    }

    /** The extension that ships a firmware file (relative to /lib/firmware), if any rule covers it. */
    public Optional<String> forFirmware(String file) {
        for (FirmwareRule r : firmware) {
            if (file.startsWith(r.prefix())) {
                return Optional.of(r.extension());
            }
        }
        return Optional.empty();
    }

    /** Extensions a device needs by its class alone (CPU microcode). */
    public Set<String> forDevice(String modalias) {
        Set<String> out = new LinkedHashSet<>();
        for (DeviceRule r : devices) {
            if (Fnmatch.matches(r.pattern(), modalias)) {
                out.add(r.extension());
            }
        }
        return out;
    }
}
