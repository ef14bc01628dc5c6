package dev.bronze.platform;

import dev.bronze.platform.akamai.AkamaiPlatform;
import dev.bronze.platform.alibabacloud.AlibabacloudPlatform;
import dev.bronze.platform.aws.AwsPlatform;
import dev.bronze.platform.azure.AzurePlatform;
import dev.bronze.platform.cloudstack.CloudstackPlatform;
import dev.bronze.platform.container.ContainerPlatform;
import dev.bronze.platform.digitalocean.DigitaloceanPlatform;
import dev.bronze.platform.equinixmetal.EquinixMetalPlatform;
import dev.bronze.platform.exoscale.ExoscalePlatform;
import dev.bronze.platform.gcp.GcpPlatform;
import dev.bronze.platform.hcloud.HcloudPlatform;
import dev.bronze.platform.metal.MetalPlatform;
import dev.bronze.platform.nocloud.NocloudPlatform;
import dev.bronze.platform.opennebula.OpennebulaPlatform;
import dev.bronze.platform.openstack.OpenstackPlatform;
import dev.bronze.platform.oracle.OraclePlatform;
import dev.bronze.platform.rpi.RpiPlatform;
import dev.bronze.platform.scaleway.ScalewayPlatform;
import dev.bronze.platform.upcloud.UpcloudPlatform;
import dev.bronze.platform.vmware.VmwarePlatform;
import dev.bronze.platform.vultr.VultrPlatform;
import java.util.List;

/**
 * The built-in platforms in tie-break order: exactly the entries of
 * {@code META-INF/services/dev.bronze.platform.Platform}, in the same order (PlatformsTest keeps
 * the two from drifting apart).
 *
 * <p>Why a list and not {@link java.util.ServiceLoader}: init runs detection once per boot in a
 * cold JVM, where ServiceLoader's jar-URL parsing and reflective construction (method handles,
 * LambdaForms spun with the class-file API) cost ~15 ms, four times the detection itself.
 */
public final class Platforms {

    private Platforms() {
    }

    /** New instances of every built-in platform, earlier wins a tie. */
    public static List<Platform> builtIn() {
        return List.of(
                new AwsPlatform(),
                new GcpPlatform(),
                new AzurePlatform(),
                new RpiPlatform(),
                new OpenstackPlatform(),
                new NocloudPlatform(),
                new DigitaloceanPlatform(),
                new HcloudPlatform(),
                new OraclePlatform(),
                new EquinixMetalPlatform(),
                new ExoscalePlatform(),
                new ScalewayPlatform(),
                new UpcloudPlatform(),
                new VultrPlatform(),
                new AkamaiPlatform(),
                new AlibabacloudPlatform(),
                new CloudstackPlatform(),
                new OpennebulaPlatform(),
                new VmwarePlatform(),
                new MetalPlatform(),
                new ContainerPlatform());
    }
}
