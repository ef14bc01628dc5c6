package dev.bronze.platform.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchException;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.NetworkConfig;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.fetch.Responses;
import dev.bronze.platform.http.StatusTable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Microsoft Azure: customData from the provisioning disc first (as Talos), IMDS userData when the
 * disc has none (as cloud-init; the disc is gone after the first boot), metadata from IMDS, and
 * the wireserver Ready/NotReady report.
 */
public final class AzureFetcher implements PlatformFetcher {

    /** Talos: Azure's accelerated networking and the host's encapsulation leave 1400 bytes. */
    static final int MTU = 1400;
    static final String IPV6_GATEWAY = "fe80::1234:5678:9abc";

    @Override
    public String platform() {
        return "azure";
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        FetchResult disc = AzureProvisioningMedia.customData(ctx.volumes());
        if (!(disc instanceof FetchResult.NoConfigSource)) {
            return disc;
        }
        FetchResult imds = new AzureImds(ctx).userData();
        if (imds instanceof FetchResult.NoConfigSource n) {
            return new FetchResult.NoConfigSource(((FetchResult.NoConfigSource) disc).reason() + "; " + n.reason());
        }
        return imds;
    }

    @Override
    public Optional<String> report(FetchContext ctx, FetchResult outcome) {
        AzureWireServer.Health h = outcome instanceof FetchResult.Failed f
                ? AzureWireServer.Health.notReady("bronze: configuration failed: " + f.cause())
                : AzureWireServer.Health.readyState();
        try {
            new AzureWireServer(ctx).report(h);
            return Optional.empty();
        } catch (FetchException e) {
            return Optional.of("Azure wireserver " + (h.ready() ? "Ready" : "NotReady") + " report failed: " + e.getMessage());
        }
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        AzureImds imds = new AzureImds(ctx);
        Metadata.Builder m = Metadata.builder("azure");
        fromInstance(imds.instance(), m);
        imds.loadBalancer().ifPresent(lb -> loadBalancer(lb, m));
        return m.build();
    }

    /** Fills the model from an IMDS {@code /metadata/instance} document (public for captures). */
    public static void fromInstance(JsonNode doc, Metadata.Builder m) {
        JsonNode c = doc.path("compute");
        String name = Responses.text(c, "name");
        m.hostname(Optional.ofNullable(Responses.text(c, "osProfile", "computerName")).orElse(name));
        m.instanceId(Responses.text(c, "vmId"));
        m.instanceType(Responses.text(c, "vmSize"));
        String location = Responses.text(c, "location");
        m.region(location);
        String zone = Responses.text(c, "zone");
        if (zone != null && location != null) {
            m.zone(location + "-" + zone);
        } else {
            m.zone(Responses.text(c, "platformFaultDomain"));
        }
        m.spot(Responses.text(c, "evictionPolicy") != null);
        String resourceId = Responses.text(c, "resourceId");
        if (resourceId == null && Responses.text(c, "subscriptionId") != null && Responses.text(c, "resourceGroupName") != null
                && name != null) {
            resourceId = "/subscriptions/" + Responses.text(c, "subscriptionId") + "/resourceGroups/"
                    + Responses.text(c, "resourceGroupName") + "/providers/Microsoft.Compute/virtualMachines/" + name;
        }
        if (resourceId != null) {
            m.providerId("azure://" + lowerResourceGroup(resourceId));
        }
        JsonNode tagsList = c.get("tagsList");
        if (tagsList != null && tagsList.isArray() && !tagsList.isEmpty()) {
            tagsList.forEach(t -> m.tag(Responses.text(t, "name"), Optional.ofNullable(Responses.text(t, "value")).orElse("")));
        } else {
            String tags = Responses.text(c, "tags");
            if (tags != null) {
                for (String kv : tags.split(";")) {
                    int colon = kv.indexOf(':');
                    if (colon > 0) {
                        m.tag(kv.substring(0, colon), kv.substring(colon + 1));
                    } else if (!kv.isBlank()) {
                        m.tag(kv, "");
                    }
                }
            }
        }
        NetworkConfig.Builder net = NetworkConfig.builder();
        int i = 0;
        for (JsonNode iface : doc.path("network").path("interface")) {
            String link = "eth" + i;
            net.link(NetworkConfig.Link.physical(link, mac(Responses.text(iface, "macAddress")), i == 0 ? MTU : null));
            net.dhcp4(link);
            for (JsonNode a : iface.path("ipv4").path("ipAddress")) {
                m.externalIP(Responses.text(a, "publicIpAddress"));
            }
            boolean v6 = false;
            for (JsonNode a : iface.path("ipv6").path("ipAddress")) {
                v6 = true;
                m.externalIP(Responses.text(a, "publicIpAddress"));
            }
            if (v6) {
                net.dhcp6(link);
                net.route(link, "::/0", IPV6_GATEWAY, 1024);
            }
            i++;
        }
        m.network(net.build());
    }

    static void loadBalancer(JsonNode lb, Metadata.Builder m) {
        JsonNode l = lb.path("loadbalancer");
        for (String section : List.of("publicIpAddresses", "inboundRules")) {
            for (JsonNode e : l.path(section)) {
                String ip = Responses.text(e, "frontendIpAddress");
                if (ip != null) {
                    m.externalIP(ip);
                }
            }
        }
    }

    /** IMDS writes MACs as 000D3A3382E8. */
    static String mac(String raw) {
        if (raw == null) {
            return null;
        }
        String h = raw.replaceAll("[^0-9A-Fa-f]", "").toLowerCase(Locale.ROOT);
        if (h.length() != 12) {
            return raw;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            sb.append(i == 0 ? "" : ":").append(h, i, i + 2);
        }
        return sb.toString();
    }

    /** Talos lower-cases the resource group: Kubernetes compares provider IDs case-sensitively. */
    static String lowerResourceGroup(String id) {
        String[] parts = id.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equalsIgnoreCase("resourceGroups")) {
                parts[i + 1] = parts[i + 1].toLowerCase(Locale.ROOT);
            }
        }
        return String.join("/", parts);
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(AzureImds.INSTANCE, AzureImds.USER_DATA, AzureImds.LOAD_BALANCER, AzureWireServer.GOAL_STATE,
                AzureWireServer.HEALTH);
    }
}
