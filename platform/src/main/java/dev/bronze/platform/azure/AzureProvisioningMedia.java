package dev.bronze.platform.azure;

import dev.bronze.platform.decode.DecodeException;
import dev.bronze.platform.decode.Decoders;
import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.volume.Volumes;
import dev.bronze.platform.xml.SafeXml;
import java.util.Optional;
import org.w3c.dom.Document;

/**
 * The provisioning disc Azure attaches (UDF, sometimes ISO 9660) with {@code ovf-env.xml}:
 * {@code Environment/ProvisioningSection/LinuxProvisioningConfigurationSet/CustomData} holds the
 * customData, base64. Azure ejects the disc after the first boot, so its absence later is normal.
 */
public final class AzureProvisioningMedia {

    static final String FILE = "ovf-env.xml";

    /** What ovf-env.xml says. {@code customData} is decoded; empty when the element is absent or blank. */
    public record OvfEnv(Optional<String> hostName, Optional<byte[]> customData) {
    }

    private AzureProvisioningMedia() {
    }

    public static OvfEnv parse(byte[] xml) {
        Document d = SafeXml.parse(xml, "Azure ovf-env.xml");
        Optional<String> host = SafeXml.text(d, "LinuxProvisioningConfigurationSet", "HostName");
        Optional<String> cd = SafeXml.text(d, "LinuxProvisioningConfigurationSet", "CustomData");
        Optional<byte[]> data;
        try {
            data = cd.map(s -> Decoders.base64(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (DecodeException e) {
            throw new DecodeException("Azure ovf-env.xml CustomData: " + e.getMessage());
        }
        return new OvfEnv(host, data);
    }

    /** customData from the first disc carrying ovf-env.xml; NoConfigSource when none does or it is empty. */
    public static FetchResult customData(Volumes volumes) {
        Optional<FetchResult> r = volumes.withFile(FILE, files -> files.read(FILE, SafeXml.MAX_BYTES).map(xml -> {
            OvfEnv env = parse(xml);
            if (env.customData().isEmpty() || env.customData().get().length == 0) {
                return new FetchResult.NoConfigSource("Azure provisioning disc " + files.label() + " has no CustomData");
            }
            return new FetchResult.Found(env.customData().get(), Decoding.of("base64"),
                    "Azure provisioning disc " + files.label() + " (ovf-env.xml CustomData)");
        }));
        return r.orElse(new FetchResult.NoConfigSource("no Azure provisioning disc with ovf-env.xml"));
    }
}
