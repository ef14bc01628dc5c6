package dev.bronze.platform.azure;

import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.fetch.FetchException;
import dev.bronze.platform.fetch.Responses;
import dev.bronze.platform.http.Deadline;
import dev.bronze.platform.http.HttpResult;
import dev.bronze.platform.http.MetadataHttp;
import dev.bronze.platform.http.Request;
import dev.bronze.platform.http.RetryPolicy;
import dev.bronze.platform.http.StatusTable;
import dev.bronze.platform.http.Verdict;
import dev.bronze.platform.xml.SafeXml;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.w3c.dom.Document;

/**
 * The Azure wireserver's provisioning report. Without it the VM ends in OSProvisioningTimedOut:
 * fetch the goal state, then POST a health report carrying the goal state's incarnation, container
 * and role instance, {@code Ready} or {@code NotReady} with a reason. A 410 on the POST means the
 * incarnation went stale in between (Afterburn #461): the goal state is fetched again. Both calls
 * are retried for 5 min, the wireserver's p90 maintenance downtime being 3 min (Afterburn #459).
 */
public final class AzureWireServer {

    public static final String BASE = "http://168.63.129.16";
    static final Map<String, String> HEADERS = Map.of("x-ms-agent-name", "WALinuxAgent", "x-ms-version", "2012-11-30");
    static final int MAX_DESCRIPTION = 512;
    private static final int MAX_STALE = 5;

    public static final StatusTable GOAL_STATE = StatusTable.of("GET /machine/?comp=goalstate")
            .on(Verdict.OK, 200)
            .on(Verdict.RETRY, 404, 410, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    public static final StatusTable HEALTH = StatusTable.of("POST /machine?comp=health")
            .on(Verdict.OK, 200, 201, 202)
            .on(410, Verdict.REFRESH_TOKEN, "stale incarnation: fetch the goal state again, repeat")
            .on(400, Verdict.FATAL, "the wireserver rejects the report")
            .on(Verdict.RETRY, 429)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    /** The report: Ready, or NotReady with a description (at most 512 characters are sent). */
    public record Health(boolean ready, String description) {
        public static Health readyState() {
            return new Health(true, null);
        }

        public static Health notReady(String description) {
            return new Health(false, description);
        }
    }

    /** The three values the report must echo. */
    public record GoalState(String incarnation, String containerId, String instanceId) {
    }

    private final MetadataHttp http;
    private final URI base;

    public AzureWireServer(FetchContext ctx) {
        this.http = ctx.http(RetryPolicy.azure());
        this.base = ctx.wireserver(BASE);
    }

    public static GoalState parseGoalState(byte[] xml) {
        Document d = SafeXml.parse(xml, "wireserver goal state");
        String inc = SafeXml.text(d, "Incarnation").orElse(null);
        String container = SafeXml.text(d, "Container", "ContainerId").orElse(null);
        String instance = SafeXml.text(d, "RoleInstanceList", "RoleInstance", "InstanceId").orElse(null);
        if (inc == null || container == null || instance == null) {
            throw new FetchException("wireserver goal state lacks Incarnation, ContainerId or InstanceId");
        }
        return new GoalState(inc, container, instance);
    }

    public GoalState goalState(Deadline deadline) {
        HttpResult r = http.call(Request.get(URI.create(base + "/machine/?comp=goalstate")).headers(HEADERS), GOAL_STATE, deadline);
        return parseGoalState(Responses.required(r, "wireserver goal state"));
    }

    /** Sends the report; throws {@link FetchException} when the wireserver does not take it in time. */
    public void report(Health health) {
        Deadline deadline = http.deadline();
        for (int stale = 0; stale <= MAX_STALE; stale++) {
            GoalState gs = goalState(deadline);
            Request post = Request.get(URI.create(base + "/machine?comp=health")).headers(HEADERS)
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .method("POST", healthXml(gs, health).getBytes(StandardCharsets.UTF_8));
            HttpResult r = http.call(post, HEALTH, deadline);
            if (r instanceof HttpResult.Signal) {
                continue;
            }
            Responses.required(r, "wireserver health report");
            return;
        }
        throw new FetchException("wireserver kept answering 410 (stale incarnation) to the health report");
    }

    static String healthXml(GoalState gs, Health h) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        sb.append("<Health xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">");
        sb.append("<GoalStateIncarnation>").append(esc(gs.incarnation())).append("</GoalStateIncarnation>");
        sb.append("<Container><ContainerId>").append(esc(gs.containerId())).append("</ContainerId>");
        sb.append("<RoleInstanceList><Role><InstanceId>").append(esc(gs.instanceId())).append("</InstanceId>");
        sb.append("<Health><State>").append(h.ready() ? "Ready" : "NotReady").append("</State>");
        if (!h.ready()) {
            String d = h.description() == null ? "" : h.description();
            if (d.length() > MAX_DESCRIPTION) {
                d = d.substring(0, MAX_DESCRIPTION);
            }
            sb.append("<Details><SubStatus>ProvisioningFailed</SubStatus><Description>").append(esc(d))
                    .append("</Description></Details>");
        }
        sb.append("</Health></Role></RoleInstanceList></Container></Health>");
        return sb.toString();
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    // XML 1.0 forbids most control characters even escaped.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
