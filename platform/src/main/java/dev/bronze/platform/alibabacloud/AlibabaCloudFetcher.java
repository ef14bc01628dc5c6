package dev.bronze.platform.alibabacloud;

import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.MetadataService;
import dev.bronze.platform.fetch.NetworkConfig;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.StatusTable;
import java.util.List;
import java.util.Map;

/** Alibaba Cloud ECS: {@code http://100.100.100.200/latest/user-data} and {@code /latest/meta-data/KEY}. */
public final class AlibabaCloudFetcher implements PlatformFetcher {

    public static final StatusTable TABLE = MetadataService.standard("GET /latest/*");

    @Override
    public String platform() {
        return "alibabacloud";
    }

    @Override
    public List<String> aliases() {
        return List.of("aliyun");
    }

    static MetadataService service(FetchContext ctx) {
        return new MetadataService("Alibaba Cloud", ctx.http(RetryPolicy.cloud()), ctx.service("http://100.100.100.200"), Map.of());
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return service(ctx).userData("/latest/user-data", TABLE);
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        MetadataService s = service(ctx);
        Metadata.Builder m = Metadata.builder("alibabacloud");
        String id = s.text("/latest/meta-data/instance-id", TABLE).orElse(null);
        String region = s.text("/latest/meta-data/region-id", TABLE).orElse(null);
        m.instanceId(id).region(region).hostname(s.text("/latest/meta-data/hostname", TABLE).orElse(null))
                .instanceType(s.text("/latest/meta-data/instance/instance-type", TABLE).orElse(null))
                .zone(s.text("/latest/meta-data/zone-id", TABLE).orElse(null))
                .spot(s.text("/latest/meta-data/instance/spot/termination-time", TABLE).isPresent());
        m.externalIP(s.text("/latest/meta-data/eipv4", TABLE).orElse(null));
        m.externalIP(s.text("/latest/meta-data/public-ipv4", TABLE).orElse(null));
        if (id != null && region != null) {
            // The form the Alibaba cloud controller manager uses.
            m.providerId(region + "." + id);
        }
        NetworkConfig.Builder n = NetworkConfig.builder();
        n.link(NetworkConfig.Link.physical("eth0", s.text("/latest/meta-data/mac", TABLE).orElse(null), null)).dhcp4("eth0");
        n.timeServer("ntp1.aliyun.com").timeServer("ntp1.cloud.aliyuncs.com");
        m.network(n.build());
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(TABLE);
    }
}
