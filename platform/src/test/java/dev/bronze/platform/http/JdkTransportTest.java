package dev.bronze.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport against real HTTP servers on 127.0.0.1: the JDK's HttpServer for well-formed
 * exchanges, a raw socket for what a well-behaved server would not send.
 */
class JdkTransportTest {

    static final Duration T = Duration.ofSeconds(10);
    static final long CAP = 1 << 20;

    HttpServer a;
    HttpServer b;
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        a = server("a");
        b = server("b");
    }

    @AfterEach
    void stop() {
        a.stop(0);
        b.stop(0);
    }

    HttpServer server(String name) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            seen.add(name + " " + ex.getRequestMethod() + " " + ex.getRequestURI() + " body=" + new String(in, StandardCharsets.UTF_8)
                    + " secret=" + ex.getRequestHeaders().getFirst("X-Secret"));
            String q = ex.getRequestURI().getQuery();
            switch (path) {
                case "/to-relative" -> redirect(ex, 302, "final?x=1");
                case "/see-other" -> redirect(ex, 303, "/final");
                case "/temporary" -> redirect(ex, 307, "/final");
                case "/elsewhere" -> redirect(ex, 302, "http://127.0.0.1:" + b.getAddress().getPort() + "/final");
                case "/loop" -> redirect(ex, 302, "/loop?n=" + (q == null ? 1 : Integer.parseInt(q.substring(2)) + 1));
                case "/twice" -> {
                    ex.getResponseHeaders().add("X-Twice", "one");
                    ex.getResponseHeaders().add("X-Twice", "two");
                    send(ex, 200, "ok");
                }
                default -> send(ex, 200, name + " " + ex.getRequestMethod() + " " + path);
            }
        });
        s.start();
        return s;
    }

    static void redirect(HttpExchange ex, int code, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(code, -1);
        ex.close();
    }

    static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    URI a(String path) {
        return URI.create("http://127.0.0.1:" + a.getAddress().getPort() + path);
    }

    static String text(Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void metadataTransportNeverFollowsRedirects() throws Exception {
        Response r = JdkTransport.metadata().exchange(Request.get(a("/elsewhere")), T, CAP);
        assertThat(r.status()).isEqualTo(302);
        assertThat(seen).hasSize(1);
    }

    @Test
    void followedRedirectsResolveRelativeLocationsAndChangeMethodAsHttpSays() throws Exception {
        JdkTransport web = new JdkTransport(true);
        Response rel = web.exchange(Request.get(a("/to-relative")), T, CAP);
        assertThat(rel.status()).isEqualTo(200);
        assertThat(text(rel)).isEqualTo("a GET /final");
        assertThat(seen).last().asString().contains("/final?x=1");

        Request post = new Request("POST", a("/see-other"), Map.of(), "payload".getBytes(), "");
        assertThat(text(web.exchange(post, T, CAP))).isEqualTo("a GET /final");
        assertThat(seen).last().asString().startsWith("a GET /final body= ");

        Request put = new Request("PUT", a("/temporary"), Map.of(), "keep".getBytes(), "");
        assertThat(text(web.exchange(put, T, CAP))).isEqualTo("a PUT /final");
        assertThat(seen).last().asString().startsWith("a PUT /final body=keep ");
    }

    @Test
    void headersGoOnlyToTheSameOrigin() throws Exception {
        JdkTransport web = new JdkTransport(true);
        Response r = web.exchange(Request.get(a("/temporary")).header("X-Secret", "s3"), T, CAP);
        assertThat(text(r)).isEqualTo("a GET /final");
        assertThat(seen).last().asString().endsWith("secret=s3");

        Response other = web.exchange(Request.get(a("/elsewhere")).header("X-Secret", "s3"), T, CAP);
        assertThat(text(other)).isEqualTo("b GET /final");
        assertThat(seen).last().asString().startsWith("b ").endsWith("secret=null");
    }

    @Test
    void endlessRedirectsEndAfterFive() {
        assertThatThrownBy(() -> new JdkTransport(true).exchange(Request.get(a("/loop")), T, CAP))
                .isInstanceOf(IOException.class).hasMessageContaining("more than 5 redirects");
        assertThat(seen).hasSize(6);
    }

    @Test
    void neverFromHttpsDownToHttpNorToAnotherScheme() {
        Request secure = Request.get(URI.create("https://config.example/talos"));
        assertThatThrownBy(() -> JdkTransport.redirected(secure, 302, "http://config.example/talos"))
                .hasMessageContaining("from https to http");
        assertThatThrownBy(() -> JdkTransport.redirected(Request.get(a("/")), 302, "file:///etc/shadow"))
                .hasMessageContaining("refusing a redirect");
        assertThatThrownBy(() -> JdkTransport.redirected(Request.get(a("/")), 302, "http://[bad"))
                .hasMessageContaining("bad redirect Location");
    }

    @Test
    void httpsIsSpokenOverTlsEvenToAPlainServer() {
        // A plain-http server behind an https URL: the TLS handshake fails, nothing is parsed.
        URI u = URI.create("https://127.0.0.1:" + a.getAddress().getPort() + "/");
        assertThatThrownBy(() -> JdkTransport.metadata().exchange(Request.get(u), T, CAP)).isInstanceOf(IOException.class);
    }

    @Test
    void repeatedHeadersKeepEveryValue() throws Exception {
        Response r = JdkTransport.metadata().exchange(Request.get(a("/twice")), T, CAP);
        assertThat(r.header("x-twice")).contains("one, two");
    }

    @Test
    void aHeaderValueCannotStartAnotherHeader() {
        Request evil = Request.get(a("/")).header("X-aws-ec2-metadata-token", "t\r\nX-Injected: 1");
        assertThatThrownBy(() -> JdkTransport.metadata().exchange(evil, T, CAP)).hasMessageContaining("line break");
        assertThat(seen).isEmpty();
    }

    /** One connection served by hand: {@code script} writes what it wants and may keep the socket open. */
    interface Script {
        void serve(InputStream in, OutputStream out) throws Exception;
    }

    static URI raw(ServerSocket ss, Script script) {
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                script.serve(s.getInputStream(), s.getOutputStream());
            } catch (Exception e) {
                // the client gave up: that is what some tests want
            }
        });
        t.setDaemon(true);
        t.start();
        return URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/");
    }

    static void readHead(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
        }
    }

    @Test
    void interimResponsesAreSkippedAndNoContentEndsWithoutWaitingForClose() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI u = raw(ss, (in, out) -> {
                readHead(in);
                out.write(("HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
                        + "HTTP/1.1 204 No Content\r\nX-Kept: open\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(30_000);    // keeps the connection open, as a keep-alive server would
            });
            long t0 = System.nanoTime();
            Response r = JdkTransport.metadata().exchange(Request.get(u), T, CAP);
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("x-kept")).contains("open");
            assertThat(r.body()).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(T.toMillis());
        }
    }

    @Test
    void aServerTricklingItsHeadersCannotStretchTheAttempt() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI u = raw(ss, (in, out) -> {
                readHead(in);
                out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 1000; i++) {
                    out.write('a');
                    out.flush();
                    Thread.sleep(100);    // each byte well inside any per-read timeout
                }
            });
            Duration timeout = Duration.ofMillis(800);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> JdkTransport.metadata().exchange(Request.get(u), timeout, CAP))
                    .isInstanceOf(HttpTimeoutException.class);
            // Bounded by the attempt's deadline, not by 1000 bytes of 100 ms each.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
        }
    }

    @Test
    void chunkedBodiesAreJoinedAndCapped() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n";
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI u = raw(ss, (in, out) -> {
                readHead(in);
                out.write(chunked.getBytes(StandardCharsets.US_ASCII));
            });
            assertThat(text(JdkTransport.metadata().exchange(Request.get(u), T, CAP))).isEqualTo("hello world");
        }
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI u = raw(ss, (in, out) -> {
                readHead(in);
                out.write(chunked.getBytes(StandardCharsets.US_ASCII));
            });
            assertThatThrownBy(() -> JdkTransport.metadata().exchange(Request.get(u), T, 8)).isInstanceOf(ResponseTooLargeException.class);
        }
    }
    @Test
    void aConnectionClosedBeforeAnyAnswerIsRetriedOnceForAGetOnly() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            List<String> methods = Collections.synchronizedList(new ArrayList<>());
            Thread t = new Thread(() -> {
                try {
                    for (int n = 0; n < 4; n++) {
                        try (Socket s = ss.accept()) {
                            byte[] head = new byte[4];
                            s.getInputStream().read(head);
                            methods.add(new String(head, StandardCharsets.US_ASCII).strip());
                            readHead(s.getInputStream());
                            if (n % 2 == 1) {
                                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                            }
                            // else: closed without a byte, as a restarting service does
                        }
                    }
                } catch (IOException e) {
                    // test over
                }
            });
            t.setDaemon(true);
            t.start();
            URI u = URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/");
            assertThat(text(JdkTransport.metadata().exchange(Request.get(u), T, CAP))).isEqualTo("ok");
            assertThat(methods).containsExactly("GET", "GET");
            Request put = new Request("PUT", u, Map.of(), new byte[0], "");
            assertThatThrownBy(() -> JdkTransport.metadata().exchange(put, T, CAP)).hasMessageContaining("closed before any response");
            assertThat(methods).containsExactly("GET", "GET", "PUT");
        }
    }
    @Test
    void anInterruptedCallerSendsNothingMore() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> JdkTransport.metadata().exchange(Request.get(a("/")), T, CAP))
                    .isInstanceOf(InterruptedException.class);
            assertThat(seen).isEmpty();
        } finally {
            Thread.interrupted();
        }
    }
}
