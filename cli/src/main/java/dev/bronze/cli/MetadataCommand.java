package dev.bronze.cli;

import dev.bronze.hardware.SysRoot;
import dev.bronze.platform.fetch.Metadata;
import dev.bronze.platform.fetch.NetworkConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bronze metadata}: the platform's metadata model (instance, placement, network configuration). */
@Command(name = "metadata", mixinStandardHelpOptions = true,
        description = "Show what the platform's metadata service says about this instance, and the network configuration it gives.")
public final class MetadataCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    FetchOptions options = new FetchOptions();

    @Option(names = "--json", description = "Print one JSON document")
    boolean json;

    @Override
    public Integer call() {
        SysRoot root = options.sysRoot();
        Metadata m = options.fetcher(root).metadata(options.context(root));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, m);
            return 0;
        }
        row(out, "platform", m.platform());
        row(out, "hostname", m.hostname());
        row(out, "instance id", m.instanceId());
        row(out, "instance type", m.instanceType());
        row(out, "region", m.region());
        row(out, "zone", m.zone());
        row(out, "provider id", m.providerId());
        row(out, "external IPs", m.externalIPs().isEmpty() ? null : String.join(", ", m.externalIPs()));
        row(out, "spot", m.spot() ? "yes" : "no");
        m.tags().forEach((k, v) -> row(out, "tag " + k, v.isEmpty() ? "(no value)" : v));
        NetworkConfig n = m.network();
        for (NetworkConfig.Link l : n.links()) {
            StringBuilder sb = new StringBuilder(l.kind());
            if (l.mac() != null) {
                sb.append(" mac ").append(l.mac());
            }
            if (l.mtu() != null) {
                sb.append(" mtu ").append(l.mtu());
            }
            if (!l.members().isEmpty()) {
                sb.append(" members ").append(String.join(",", l.members()));
            }
            if (l.vlanId() != null) {
                sb.append(" vlan ").append(l.vlanId()).append(" on ").append(l.parent());
            }
            row(out, "link " + (l.name() == null ? "(by mac)" : l.name()), sb.toString());
        }
        n.operators().forEach(o -> row(out, "dhcp", o.kind() + " on " + o.link()));
        n.addresses().forEach(a -> row(out, "address", a.cidr() + (a.link() == null ? "" : " on " + a.link())));
        n.routes().forEach(r -> row(out, "route", (r.destination() == null ? "?" : r.destination()) + " via " + r.gateway()
                + (r.link() == null ? "" : " on " + r.link()) + (r.metric() == null ? "" : " metric " + r.metric())));
        if (!n.resolvers().isEmpty()) {
            row(out, "resolvers", String.join(", ", n.resolvers()));
        }
        if (!n.timeServers().isEmpty()) {
            row(out, "time servers", String.join(", ", n.timeServers()));
        }
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, String k, String v) {
        out.printf("%-15s %s%n", k, v == null ? "-" : v);
    }
}
