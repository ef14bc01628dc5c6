package dev.bronze.platform.exoscale;

import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.MetadataService;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.StatusTable;
import java.util.List;
import java.util.Map;

/** Exoscale (CloudStack-derived): {@code /1.0/user-data} and {@code /1.0/meta-data/KEY}. */
public final class ExoscaleFetcher implements PlatformFetcher {

    public static final StatusTable TABLE = MetadataService.standard("GET /1.0/*");

    @Override
    public String platform() {
        return "exoscale";
    }

    static MetadataService service(FetchContext ctx) {
        return new MetadataService("Exoscale", ctx.http(RetryPolicy.cloud()), ctx.service("http://169.254.169.254"), Map.of());
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return service(ctx).userData("/1.0/user-data", TABLE);
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        MetadataService s = service(ctx);
        Metadata.Builder m = Metadata.builder("exoscale");
        String id = s.text("/1.0/meta-data/instance-id", TABLE).orElse(null);
        m.instanceId(id).hostname(s.text("/1.0/meta-data/local-hostname", TABLE).orElse(null))
                .instanceType(s.text("/1.0/meta-data/service-offering", TABLE).orElse(null))
                .zone(s.text("/1.0/meta-data/availability-zone", TABLE).orElse(null))
                .region(s.text("/1.0/meta-data/availability-zone", TABLE).orElse(null))
                .externalIP(s.text("/1.0/meta-data/public-ipv4", TABLE).orElse(null));
        if (id != null) {
            m.providerId("exoscale://" + id);
        }
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(TABLE);
    }
}
