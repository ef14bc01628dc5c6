package dev.bronze.platform.cloudstack;

import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.MetadataService;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.StatusTable;
import java.util.List;
import java.util.Map;

/** Apache CloudStack: the virtual router at {@code data-server.}: {@code /latest/user-data}, {@code /latest/meta-data/KEY}. */
public final class CloudStackFetcher implements PlatformFetcher {

    public static final StatusTable TABLE = MetadataService.standard("GET /latest/*");

    @Override
    public String platform() {
        return "cloudstack";
    }

    static MetadataService service(FetchContext ctx) {
        return new MetadataService("CloudStack", ctx.http(RetryPolicy.cloud()), ctx.service("http://data-server."), Map.of());
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return service(ctx).userData("/latest/user-data", TABLE);
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        MetadataService s = service(ctx);
        Metadata.Builder m = Metadata.builder("cloudstack");
        String id = s.text("/latest/meta-data/instance-id", TABLE).orElse(null);
        m.instanceId(id).hostname(s.text("/latest/meta-data/local-hostname", TABLE).orElse(null))
                .instanceType(s.text("/latest/meta-data/service-offering", TABLE).orElse(null))
                .zone(s.text("/latest/meta-data/availability-zone", TABLE).orElse(null))
                .externalIP(s.text("/latest/meta-data/public-ipv4", TABLE).orElse(null));
        if (id != null) {
            m.providerId("cloudstack://" + id);
        }
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(TABLE);
    }
}
