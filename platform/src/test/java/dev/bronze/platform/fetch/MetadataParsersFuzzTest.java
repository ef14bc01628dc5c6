package dev.bronze.platform.fetch;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.hardware.BronzeException;
import dev.bronze.platform.azure.AzureFetcher;
import dev.bronze.platform.digitalocean.DigitalOceanFetcher;
import dev.bronze.platform.equinixmetal.EquinixMetalFetcher;
import dev.bronze.platform.gcp.GcpFetcherAccess;
import dev.bronze.platform.hcloud.HetznerFetcher;
import dev.bronze.platform.nocloud.NoCloudSeed;
import dev.bronze.platform.opennebula.OpenNebulaFetcher;
import dev.bronze.platform.openstack.OpenStackMetadata;
import dev.bronze.platform.oracle.OracleFetcher;
import dev.bronze.platform.scaleway.ScalewayFetcher;
import dev.bronze.platform.upcloud.UpCloudFetcher;
import dev.bronze.platform.vmware.VmwareFetcher;
import dev.bronze.platform.vultr.VultrFetcher;
import java.nio.charset.StandardCharsets;

/**
 * JSON and YAML documents from metadata services, run through every mapper into the model: a
 * BronzeException with a message is fine, any other exception (a NullPointerException on a
 * missing field, a ClassCastException on a string where an object was expected) is a bug.
 */
class MetadataParsersFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void documents(FuzzedDataProvider data) {
        boolean yaml = data.consumeBoolean();
        byte[] b = data.consumeRemainingAsBytes();
        JsonNode n;
        try {
            n = yaml ? Responses.yaml(b, "fuzz") : Responses.json(b, "fuzz");
        } catch (BronzeException e) {
            return;
        }
        quiet(() -> CloudInitNetwork.parse(n, "fuzz"));
        quiet(() -> OpenStackMetadata.networkData(n));
        quiet(() -> OpenStackMetadata.metaData(n, Metadata.builder("x")));
        quiet(() -> AzureFetcher.fromInstance(n, Metadata.builder("x")));
        quiet(() -> DigitalOceanFetcher.fromJson(n));
        quiet(() -> HetznerFetcher.fromYaml(n, n));
        quiet(() -> OracleFetcher.fromJson(n, n));
        quiet(() -> UpCloudFetcher.fromJson(n));
        quiet(() -> VultrFetcher.fromJson(n));
        quiet(() -> ScalewayFetcher.fromJson(n));
        quiet(() -> EquinixMetalFetcher.fromJson(n));
        quiet(() -> VmwareFetcher.fromMetadata(n, Metadata.builder("x")));
        quiet(() -> GcpFetcherAccess.interfaces(n));
        String s = new String(b, StandardCharsets.UTF_8);
        quiet(() -> OpenNebulaFetcher.parse(s));
        quiet(() -> NoCloudSeed.parse(s));
    }

    private static void quiet(Runnable r) {
        try {
            r.run();
        } catch (BronzeException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("error without a message", expected);
            }
        }
    }
}
