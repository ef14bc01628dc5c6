package dev.bronze.drivers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The drivers manifest: per architecture and kernel version, every module with its aliases, the
 * firmware it asks for, whether it is built in, and which system extension provides what the base
 * image lacks. The format is documented in {@code drivers-manifest/FORMAT.md}; manifests for
 * Debian's current amd64 and arm64 kernels ship in this jar ({@link #bundled(String)}).
 *
 * @param format always {@link #FORMAT}
 * @param kernels one entry per architecture and kernel version
 */
@JsonPropertyOrder({"format", "kernels"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record DriversManifest(String format, List<Kernel> kernels) {

    public static final String FORMAT = "bronze-drivers-manifest/1";

    /** Manifests are ~1-2 MiB of YAML; anything far larger is not one (or is a decompression bomb). */
    static final int MAX_BYTES = 64 << 20;

    /**
     * One kernel.
     *
     * @param arch Debian architecture name (amd64, arm64)
     * @param version the kernel release ({@code uname -r})
     * @param source where the module tree came from (package and version)
     * @param modules in kmod's priority order: loadable modules as modules.dep lists them, then
     *     modules only extensions ship, then built-in ones in modules.builtin.modinfo order
     * @param devices device classes that need an extension by themselves (CPU microcode)
     */
    @JsonPropertyOrder({"arch", "version", "source", "devices", "modules"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Kernel(String arch, String version, String source, List<DeviceExtension> devices, List<Module> modules) {
        public Kernel {
            devices = devices == null ? List.of() : List.copyOf(devices);
            modules = modules == null ? List.of() : List.copyOf(modules);
        }

        /** The matcher for this kernel: kmod's answer plus firmware and extensions (built once; reuse it). */
        public ManifestMatcher matcher() {
            return new ManifestMatcher(this);
        }

        public Optional<Module> module(String name) {
            return modules.stream().filter(m -> m.name().equals(name)).findFirst();
        }
    }

    /**
     * One module.
     *
     * @param name normalised module name
     * @param path path below {@code lib/modules/VERSION} ({@code null} for built-ins and extension modules)
     * @param builtin true when compiled into the kernel
     * @param extension the system extension that ships the module itself ({@code null}: the base image)
     * @param aliases alias patterns, as depmod lists them
     * @param firmware files the module may request ({@code MODULE_FIRMWARE}), each with its extension
     */
    @JsonPropertyOrder({"name", "path", "builtin", "extension", "aliases", "firmware"})
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Module(String name, String path, boolean builtin, String extension, List<String> aliases, List<Firmware> firmware) {
        public Module {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
            firmware = firmware == null ? List.of() : List.copyOf(firmware);
        }
    }

    /** A firmware file (relative to /lib/firmware) and the extension that ships it. */
    @JsonPropertyOrder({"file", "extension"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Firmware(String file, String extension) {
    }

    /** A device class (modalias fnmatch pattern) that needs an extension whatever its driver. */
    @JsonPropertyOrder({"pattern", "extension"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceExtension(String pattern, String extension) {
    }

    public DriversManifest {
        kernels = kernels == null ? List.of() : List.copyOf(kernels);
    }

    /** Reads a manifest file: {@code .yaml}, {@code .yaml.xz} or {@code .yaml.gz}. */
    public static DriversManifest load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new DriversException("drivers manifest " + file + " does not exist");
        } catch (IOException e) {
            throw new DriversException("cannot read drivers manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a manifest from a stream; {@code name} tells the compression and appears in errors. */
    public static DriversManifest load(InputStream raw, String name) {
        try (InputStream in = decode(new BufferedInputStream(raw), name)) {
            byte[] b = in.readNBytes(MAX_BYTES + 1);
            if (b.length > MAX_BYTES) {
                throw new DriversException("drivers manifest " + name + " is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            DriversManifest m = mapper().readValue(b, DriversManifest.class);
            if (m == null || !FORMAT.equals(m.format())) {
                throw new DriversException("drivers manifest " + name + ": format is '" + (m == null ? null : m.format())
                        + "', expected '" + FORMAT + "'");
            }
            for (Kernel k : m.kernels()) {
                if (k.arch() == null || k.version() == null) {
                    throw new DriversException("drivers manifest " + name + ": a kernel lacks arch or version");
                }
                for (Module mod : k.modules()) {
                    if (mod.name() == null || mod.name().isEmpty()) {
                        throw new DriversException("drivers manifest " + name + ": a module of " + k.version() + " has no name");
                    }
                }
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new DriversException("drivers manifest " + name + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DriversException("cannot read drivers manifest " + name + ": " + e.getMessage(), e);
        }
    }

    /** The manifest shipped for an architecture (amd64, arm64; x86_64 and aarch64 are accepted too). */
    public static DriversManifest bundled(String arch) {
        String a = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new DriversException("no drivers manifest is shipped for architecture " + arch
                    + " (there are amd64 and arm64)");
        };
        String res = "debian-" + a + ".yaml.xz";
        InputStream in = DriversManifest.class.getResourceAsStream(res);
        if (in == null) {
            throw new DriversException("the bundled drivers manifest " + res + " is missing from this build");
        }
        return load(in, res);
    }

    /** The one kernel of a single-kernel manifest, or the one for {@code version}. */
    public Kernel kernel(String version) {
        if (version == null) {
            if (kernels.size() != 1) {
                throw new DriversException("the drivers manifest has " + kernels.size() + " kernels: name one");
            }
            return kernels.get(0);
        }
        return kernels.stream().filter(k -> k.version().equals(version)).findFirst()
                .orElseThrow(() -> new DriversException("the drivers manifest has no kernel " + version));
    }

    public void write(OutputStream out) throws IOException {
        mapper().writeValue(out, this);
    }

    static ObjectMapper mapper() {
        LoaderOptions opts = new LoaderOptions();
        opts.setCodePointLimit(MAX_BYTES);
        opts.setMaxAliasesForCollections(10); // our manifests use no anchors: refuse alias bombs
        YAMLFactory f = YAMLFactory.builder().loaderOptions(opts)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build();
        return new ObjectMapper(f).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static InputStream decode(InputStream in, String name) throws IOException {
        if (name.endsWith(".xz")) {
            return new XZInputStream(in, 64 << 10);
        }
        if (name.endsWith(".gz")) {
            return new GZIPInputStream(in);
        }
        return in;
    }
}
