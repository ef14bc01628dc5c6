package dev.bronze.platform.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transport for metadata services and user-data URLs. Plain http goes through
 * {@link PlainHttp} (every link-local metadata service: a cold JVM's first request in ~30 ms);
 * https through the JDK's HttpClient, built on the first https request (its TLS set-up costs a
 * cold JVM ~300 ms, which a boot that never speaks https should not pay). No proxy is ever used
 * (a corporate proxy must not see instance credentials), and redirects are not followed unless
 * asked for, so an {@code --endpoint} really is the only address contacted. Followed redirects
 * (user-data URLs): at most five, never from https to http, the caller's headers only to the
 * same origin, 303 (and 301/302 after a POST) as a GET.
 */
public final class JdkTransport implements Transport {

    /** Headers the JDK forbids setting (it manages them itself). */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "host", "expect", "upgrade");

    private static final int MAX_REDIRECTS = 5;

    private final boolean followRedirects;
    private HttpClient tls;

    public JdkTransport(boolean followRedirects) {
        this.followRedirects = followRedirects;
    }

    /** For metadata services: no redirects, no proxy. */
    public static JdkTransport metadata() {
        return new JdkTransport(false);
    }

    @Override
    public Response exchange(Request request, Duration timeout, long maxBytes) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Request r = request;
        for (int hop = 0;; hop++) {
            // Socket reads do not notice an interrupt: a caller that gave up on this exchange (the
            // AWS IPv4/IPv6 race's loser) is told here, before every request.
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before " + r.uri());
            }
            Response resp = once(r, end, maxBytes);
            Optional<String> location = resp.header("location");
            if (!followRedirects || !REDIRECTS.contains(resp.status()) || location.isEmpty()) {
                return resp;
            }
            if (hop == MAX_REDIRECTS) {
                throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + request.uri());
            }
            r = redirected(r, resp.status(), location.get());
        }
    }

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    static Request redirected(Request from, int status, String location) throws IOException {
        URI to;
        try {
            to = from.uri().resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("bad redirect Location from " + from.uri() + ": " + e.getMessage());
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || to.getHost() == null) {
            throw new IOException("refusing a redirect from " + from.uri() + " to " + to);
        }
        if (from.uri().getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw new IOException("refusing a redirect from https to http: " + to);
        }
        boolean asGet = status == 303 || (status == 301 || status == 302) && from.method().equals("POST");
        boolean sameOrigin = from.uri().getScheme().equalsIgnoreCase(scheme) && from.uri().getHost().equalsIgnoreCase(to.getHost())
                && PlainHttp.port(from.uri()) == PlainHttp.port(to);
        return new Request(asGet ? "GET" : from.method(), to, sameOrigin ? from.headers() : Map.of(), asGet ? null : from.body(),
                from.accept());
    }

    private Response once(Request r, long end, long maxBytes) throws IOException, InterruptedException {
        String scheme = String.valueOf(r.uri().getScheme()).toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("http")) {
            try {
                return plain(r, end, maxBytes);
            } catch (PlainHttp.NoResponseException e) {
                // A server (or a middlebox) that closed the connection without answering: a GET is
                // sent once more at once, as the JDK's client and browsers do, before a backoff.
                if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
                    throw e;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted before " + r.uri());
                }
                return plain(r, end, maxBytes);
            }
        }
        if (!scheme.equals("https")) {
            throw new IOException("unsupported scheme: " + r.uri());
        }
        return overTls(r, Duration.ofMillis(PlainHttp.remainingMs(end)), maxBytes);
    }

    private static Response plain(Request r, long end, long maxBytes) throws IOException {
        try (Socket s = new Socket()) {
            PlainHttp.connect(s, r.uri(), end);
            return PlainHttp.exchange(s, r, end, maxBytes);
        }
    }

    private synchronized HttpClient tls() {
        if (tls == null) {
            tls = HttpClient.newBuilder()
                    .proxy(HttpClient.Builder.NO_PROXY)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return tls;
    }

    private Response overTls(Request request, Duration timeout, long maxBytes) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(timeout);
        request.headers().forEach((k, v) -> {
            if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                b.header(k, v);
            }
        });
        b.method(request.method(), request.body().length == 0 && !request.method().equals("POST")
                && !request.method().equals("PUT")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        CompletableFuture<HttpResponse<byte[]>> f =
                tls().sendAsync(b.build(), info -> new CappedBody(maxBytes));
        HttpResponse<byte[]> r;
        try {
            // The request timeout bounds only the wait for headers; this bounds the body too, so a
            // server trickling one byte a second cannot hold an attempt open forever.
            r = f.get(timeout.toMillis() + 50, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new HttpTimeoutException("no complete response within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(c), c);
        }
        Map<String, String> headers = new HashMap<>();
        r.headers().map().forEach((k, vs) -> headers.put(k, String.join(", ", vs)));
        return new Response(r.statusCode(), headers, r.body());
    }

    /** Collects the body and gives up (cancelling the exchange) past the cap. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long cap;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(long cap) {
            this.cap = cap;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer bb : items) {
                if (out.size() + (long) bb.remaining() > cap) {
                    subscription.cancel();
                    result.completeExceptionally(new ResponseTooLargeException(cap));
                    return;
                }
                byte[] chunk = new byte[bb.remaining()];
                bb.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
