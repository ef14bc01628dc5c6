package dev.bronze.platform.openstack;

import dev.bronze.platform.decode.Decoding;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchException;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.fetch.Responses;
import dev.bronze.platform.http.StatusTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** OpenStack: the config-2 drive first, then the metadata service (as Talos). */
public final class OpenStackFetcher implements PlatformFetcher {

    static final List<String> LABELS = List.of("config-2", "CONFIG-2");
    static final String LATEST = "openstack/latest/";
    static final long CAP = 16L * 1024 * 1024;

    @Override
    public String platform() {
        return "openstack";
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        Optional<FetchResult> drive = ctx.volumes().withLabel(LABELS, f -> Optional.of(f.read(LATEST + "user_data", CAP)
                .filter(b -> !Responses.blank(b))
                .<FetchResult>map(b -> new FetchResult.Found(b, Decoding.NONE, "config drive " + f.label() + " user_data"))
                .orElse(new FetchResult.NoConfigSource("config drive " + f.label() + " has no user_data"))));
        if (drive.isPresent()) {
            return drive.get();
        }
        try {
            return new OpenStackMetadataService(ctx).userData();
        } catch (FetchException e) {
            return new FetchResult.Failed(e.getMessage());
        }
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        Metadata.Builder m = Metadata.builder(platform());
        Optional<Boolean> fromDrive = ctx.volumes().withLabel(LABELS, f -> {
            f.read(LATEST + "meta_data.json", CAP).ifPresent(b -> OpenStackMetadata.metaData(Responses.json(b, "meta_data.json"), m));
            f.read(LATEST + "network_data.json", CAP)
                    .ifPresent(b -> m.network(OpenStackMetadata.networkData(Responses.json(b, "network_data.json"))));
            return Optional.of(true);
        });
        if (fromDrive.isEmpty()) {
            OpenStackMetadataService s = new OpenStackMetadataService(ctx);
            OpenStackMetadata.metaData(Responses.json(s.get("/" + LATEST + "meta_data.json")
                    .orElseThrow(() -> new FetchException("OpenStack metadata service has no meta_data.json")), "meta_data.json"), m);
            s.get("/" + LATEST + "network_data.json")
                    .ifPresent(b -> m.network(OpenStackMetadata.networkData(Responses.json(b, "network_data.json"))));
            s.get("/latest/meta-data/public-ipv4").ifPresent(b -> m.externalIP(new String(b, StandardCharsets.UTF_8)));
            s.get("/latest/meta-data/instance-type").ifPresent(b -> m.instanceType(new String(b, StandardCharsets.UTF_8)));
        }
        return m.build();
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(OpenStackMetadataService.TABLE);
    }
}
