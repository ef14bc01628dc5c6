package dev.bronze.platform.aws;

import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchResult;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.NetworkConfig;
import dev.bronze.platform.fetch.PlatformFetcher;
import dev.bronze.platform.http.StatusTable;
import java.util.List;
import java.util.Optional;

/** AWS EC2: user-data and metadata from IMDS, shaped as Talos's aws platform does. */
public final class AwsFetcher implements PlatformFetcher {

    static final String NTP_V4 = "169.254.169.123";
    static final String NTP_V6 = "fd00:ec2::123";
    static final String DNS_V6 = "fd00:ec2::253";

    @Override
    public String platform() {
        return "aws";
    }

    @Override
    public FetchResult userData(FetchContext ctx) {
        return new AwsImds(ctx).userData();
    }

    @Override
    public Metadata metadata(FetchContext ctx) {
        return read(new AwsImds(ctx));
    }

    static Metadata read(AwsImds imds) {
        Metadata.Builder m = Metadata.builder("aws");
        String id = imds.metaData("instance-id").orElse(null);
        m.instanceId(id);
        m.hostname(imds.metaData("hostname").orElse(imds.metaData("local-hostname").orElse(null)));
        m.instanceType(imds.metaData("instance-type").orElse(null));
        String zone = imds.metaData("placement/availability-zone").orElse(null);
        m.zone(zone);
        // placement/region is newer than the zone; older IMDS versions only give the zone.
        m.region(imds.metaData("placement/region").orElse(zone == null ? null : regionOf(zone)));
        m.spot("spot".equals(imds.metaData("instance-life-cycle").orElse("")));
        imds.metaData("public-ipv4").ifPresent(ip -> List.of(ip.split("\n")).forEach(m::externalIP));
        if (zone != null && id != null) {
            m.providerId("aws:///" + zone + "/" + id);
        }
        for (String key : imds.list("tags/instance")) {
            m.tag(key, imds.metaData("tags/instance/" + key).orElse(""));
        }
        NetworkConfig.Builder net = NetworkConfig.builder();
        net.timeServer(NTP_V4).timeServer(NTP_V6);
        net.link(NetworkConfig.Link.physical("eth0", primaryMac(imds).orElse(null), null));
        boolean v4 = false;
        boolean v6 = false;
        Optional<String> mac = primaryMac(imds);
        if (mac.isPresent()) {
            String p = "network/interfaces/macs/" + mac.get() + "/";
            v4 = imds.metaData(p + "local-ipv4s").isPresent();
            v6 = imds.metaData(p + "ipv6s").isPresent();
        } else {
            v4 = imds.metaData("local-ipv4").isPresent();
        }
        if (v4 || !v6) {
            net.dhcp4("eth0");
        }
        if (v6) {
            net.dhcp6("eth0");
            net.resolver(DNS_V6);
        }
        m.network(net.build());
        return m.build();
    }

    /** The NIC with device-number 0, else the first listed (as Talos). */
    static Optional<String> primaryMac(AwsImds imds) {
        List<String> macs = imds.list("network/interfaces/macs/").stream()
                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
        for (String mac : macs) {
            if ("0".equals(imds.metaData("network/interfaces/macs/" + mac + "/device-number").orElse(""))) {
                return Optional.of(mac);
            }
        }
        return macs.isEmpty() ? imds.metaData("mac") : Optional.of(macs.get(0));
    }

    /** us-east-1a → us-east-1; local zones (us-west-2-lax-1a) keep their parent region's prefix. */
    static String regionOf(String zone) {
        String z = zone.strip();
        if (z.matches(".*-\\d+[a-z]$")) {
            String r = z.substring(0, z.length() - 1);
            // A local/wavelength zone: us-west-2-lax-1a → us-west-2
            java.util.regex.Matcher mm = java.util.regex.Pattern.compile("^([a-z]+-[a-z]+-\\d+)-.*").matcher(r);
            return mm.matches() ? mm.group(1) : r;
        }
        return z;
    }

    @Override
    public List<StatusTable> statusTables() {
        return List.of(AwsImds.TOKEN, AwsImds.USER_DATA, AwsImds.META_DATA);
    }
}
