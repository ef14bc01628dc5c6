package dev.bronze.platform.vmware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.decode.Decoded;
import dev.bronze.platform.decode.Decoders;
import dev.bronze.platform.fetch.CloudInitNetwork;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.fetch.Responses;
import dev.bronze.platform.metal.MetalFetcher;
import dev.bronze.platform.xml.SafeXml;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * VMware: guestinfo (through vmware-rpctool) and the OVF environment, from
 * {@code guestinfo.ovfenv} or from an OVF ISO transport disc holding {@code ovf-env.xml} — the
 * transport that also works under QEMU, where there is no VMware backdoor.
 */
public final class VmwareFetcher implements PlatformFetcher {

    static final String OVF_FILE = "ovf-env.xml";

    @Override
    public String platform() {
        return "vmware";
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        Optional<String> cfg = ctx.cmdline().get("talos.config");
        if (cfg.isPresent() && !cfg.get().equals("guestinfo")) {
            // A URL or metal-iso on a VMware VM: the metal sources apply unchanged.
            return new MetalFetcher().userData(ctx);
        }
        FetchResult g = new VmwareGuestInfo(ctx.guestInfo()).userData(Decoders.DEFAULT_CAP);
        if (!(g instanceof FetchResult.NoConfigSource n)) {
            return g;
        }
        Optional<FetchResult> iso = ctx.volumes().withFile(OVF_FILE, files -> files.read(OVF_FILE, SafeXml.MAX_BYTES)
                .flatMap(xml -> VmwareGuestInfo.fromOvf(OvfEnvironment.parse(xml), "OVF ISO " + files.label())));
        return iso.orElse(new FetchResult.NoConfigSource(n.reason() + "; no OVF ISO with user-data"));
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        VmwareGuestInfo gi = new VmwareGuestInfo(ctx.guestInfo());
        Metadata.Builder m = Metadata.builder("vmware");
        Optional<OvfEnvironment> env = gi.ovfEnv();
        if (env.isEmpty()) {
            env = ctx.volumes().withFile(OVF_FILE, f -> f.read(OVF_FILE, SafeXml.MAX_BYTES).map(OvfEnvironment::parse));
        }
        Optional<Decoded> md = gi.decoded("metadata", Decoders.DEFAULT_CAP);
        if (md.isEmpty() && env.isPresent()) {
            md = env.get().get("metadata").map(v -> VmwareGuestInfo.guess(v.getBytes(StandardCharsets.UTF_8)));
        }
        if (md.isPresent()) {
            fromMetadata(Responses.yaml(md.get().bytes(), "VMware guestinfo.metadata"), m);
        }
        env.ifPresent(e -> {
            e.get("hostname").ifPresent(m::hostname);
            e.get("instance-id").ifPresent(m::instanceId);
            e.get("network-config").ifPresent(nc -> m.network(CloudInitNetwork.parse(
                    Responses.yaml(VmwareGuestInfo.guess(nc.getBytes(StandardCharsets.UTF_8)).bytes(), "OVF network-config"),
                    "OVF network-config")));
        });
        return m.build();
    }

    /** CAPV-style guestinfo.metadata: instance-id, local-hostname, network (maybe itself encoded). */
    public static void fromMetadata(JsonNode md, Metadata.Builder m) {
        m.instanceId(Responses.text(md, "instance-id"));
        m.hostname(Responses.text(md, "local-hostname"));
        m.hostname(Responses.text(md, "hostname"));
        JsonNode net = md.get("network");
        if (net != null && net.isTextual()) {
            String enc = Responses.text(md, "network.encoding");
            Decoded d = Decoders.named(enc, net.asText().getBytes(StandardCharsets.UTF_8), Decoders.DEFAULT_CAP);
            net = Responses.yaml(d.bytes(), "VMware metadata network");
        }
        if (net != null && net.isObject()) {
            m.network(CloudInitNetwork.parse(net, "VMware metadata network"));
        }
    }
}
