package dev.bronze.platform.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * A metadata service on JDK HttpServer bound to 127.0.0.1, with the strictness of the real one
 * (each platform's test installs its rules) and fault injection. It records every request so that
 * tests can check the headers and the order the client used.
 */
public final class MetadataSimulator implements AutoCloseable {

    /** One request as received. */
    public record Call(String method, String path, String query, Map<String, String> headers, byte[] body, int remotePort) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String pathAndQuery() {
            return query == null ? path : path + "?" + query;
        }
    }

    /** One response. */
    public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        public static Reply ok(String body) {
            return new Reply(200, "text/plain", body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        public static Reply ok(byte[] body, String type) {
            return new Reply(200, type, body, Map.of());
        }

        public static Reply json(String body) {
            return new Reply(200, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        public static Reply status(int s) {
            return new Reply(s, "text/plain", ("HTTP " + s + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
        }

        public Reply with(String header, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(header, value);
            return new Reply(status, contentType, body, h);
        }
    }

    /** A fault applied to one request instead of (or around) the normal answer. */
    public sealed interface Fault {
        record Latency(long millis) implements Fault {}
        record Status(int status, String retryAfter) implements Fault {}
        record Drop() implements Fault {}
        record Truncate() implements Fault {}
        record Huge(long bytes) implements Fault {}
        record GzipBomb(long inflatedBytes) implements Fault {}
        record Html() implements Fault {}
    }

    private final HttpServer server;
    private final Map<String, Function<Call, Reply>> routes = new LinkedHashMap<>();
    private final List<Function<Call, Reply>> rules = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private double failRate;
    private Random failRandom = new Random(1);

    public MetadataSimulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT} */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI uri(String pathAndQuery) {
        return URI.create(base() + pathAndQuery);
    }

    /** Answers {@code method path} (path without query; "*" any method). */
    public synchronized MetadataSimulator route(String method, String path, Function<Call, Reply> r) {
        routes.put(method + " " + path, r);
        return this;
    }

    public MetadataSimulator get(String path, String body) {
        return route("GET", path, c -> Reply.ok(body));
    }

    /** A rule runs before routing; a non-null reply wins (403 without the flavour header, ...). */
    public MetadataSimulator rule(Function<Call, Reply> r) {
        rules.add(r);
        return this;
    }

    public synchronized MetadataSimulator fault(Fault... f) {
        faults.addAll(List.of(f));
        return this;
    }

    /** Each request fails (500 or a dropped connection, half each) with this probability. */
    public synchronized MetadataSimulator failRate(double p, long seed) {
        failRate = p;
        failRandom = new Random(seed);
        return this;
    }

    public List<Call> calls() {
        return calls;
    }

    public long count(String method, String path) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            byte[] body = ex.getRequestBody().readAllBytes();
            Call call = new Call(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                    headers, body, ex.getRemoteAddress().getPort());
            calls.add(call);
            Fault fault;
            boolean randomFail;
            synchronized (this) {
                fault = faults.poll();
                randomFail = failRate > 0 && failRandom.nextDouble() < failRate;
                if (randomFail && failRandom.nextBoolean()) {
                    fault = new Fault.Drop();
                } else if (randomFail) {
                    fault = new Fault.Status(500, null);
                }
            }
            if (fault instanceof Fault.Latency l) {
                sleep(l.millis());
                fault = null;
            }
            if (fault instanceof Fault.Drop) {
                // Close without a status line: the client sees the connection end.
                ex.getHttpContext().getServer();
                throw new DroppedException();
            }
            if (fault instanceof Fault.Status s) {
                Reply r = Reply.status(s.status());
                if (s.retryAfter() != null) {
                    r = r.with("Retry-After", s.retryAfter());
                }
                send(ex, r);
                return;
            }
            Reply reply = null;
            for (Function<Call, Reply> rule : rules) {
                reply = rule.apply(call);
                if (reply != null) {
                    break;
                }
            }
            if (reply == null) {
                Function<Call, Reply> route;
                synchronized (this) {
                    route = routes.get(call.method() + " " + call.path());
                    if (route == null) {
                        route = routes.get("* " + call.path());
                    }
                }
                reply = route == null ? Reply.status(404) : route.apply(call);
            }
            if (fault instanceof Fault.Html) {
                reply = new Reply(200, "text/html", "<html><body>Captive portal</body></html>".getBytes(StandardCharsets.UTF_8), Map.of());
            }
            if (fault instanceof Fault.Truncate) {
                ex.getResponseHeaders().set("Content-Type", reply.contentType());
                ex.sendResponseHeaders(reply.status(), reply.body().length + 100L);
                OutputStream o = ex.getResponseBody();
                o.write(reply.body(), 0, reply.body().length / 2);
                o.flush();
                throw new DroppedException();
            }
            if (fault instanceof Fault.Huge h) {
                ex.getResponseHeaders().set("Content-Type", reply.contentType());
                ex.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'A');
                try (OutputStream o = ex.getResponseBody()) {
                    for (long sent = 0; sent < h.bytes(); sent += chunk.length) {
                        o.write(chunk);
                    }
                } catch (IOException closedByClient) {
                    // The client gave up at its cap: that is the point.
                }
                return;
            }
            if (fault instanceof Fault.GzipBomb b) {
                reply = new Reply(200, "application/octet-stream", gzipZeros(b.inflatedBytes()), Map.of());
            }
            send(ex, reply);
        } catch (DroppedException e) {
            // Abort the exchange: HttpServer closes the connection without completing the response.
        }
    }

    public static byte[] gzipZeros(long n) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            byte[] zeros = new byte[1 << 20];
            for (long w = 0; w < n; w += zeros.length) {
                gz.write(zeros, 0, (int) Math.min(zeros.length, n - w));
            }
        }
        return bo.toByteArray();
    }

    private static void send(HttpExchange ex, Reply r) throws IOException {
        if (r.contentType() != null) {
            ex.getResponseHeaders().set("Content-Type", r.contentType());
        }
        r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        boolean noBody = r.status() == 204 || r.status() == 304 || ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.status(), noBody ? -1 : (r.body().length == 0 ? -1 : r.body().length));
        if (!noBody && r.body().length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(r.body());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class DroppedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    public static List<String> paths(List<Call> calls) {
        List<String> out = new ArrayList<>();
        for (Call c : calls) {
            out.add(c.method() + " " + c.pathAndQuery());
        }
        return out;
    }
}
