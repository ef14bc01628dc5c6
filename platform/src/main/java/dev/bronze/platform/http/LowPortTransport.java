package dev.bronze.platform.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A minimal HTTP/1.1 client over a socket bound to a source port below 1024. Scaleway's metadata
 * service only answers privileged ports (proof that the caller is root), and the JDK's HttpClient
 * cannot choose its source port. Plain http only, one request per connection, Content-Length,
 * chunked or read-to-close bodies, all capped.
 */
public final class LowPortTransport implements Transport {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final RandomGenerator random;

    public LowPortTransport(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Response exchange(Request request, Duration timeout, long maxBytes) throws IOException {
        if (!"http".equalsIgnoreCase(request.uri().getScheme())) {
            throw new IOException("the low-port client speaks plain http only: " + request.uri().getScheme());
        }
        long end = System.nanoTime() + timeout.toNanos();
        String host = request.uri().getHost();
        int port = request.uri().getPort() < 0 ? 80 : request.uri().getPort();
        InetAddress addr = InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        IOException lastBind = null;
        // As Talos: a random port in 100..611; a few tries when one is taken.
        for (int i = 0; i < 8; i++) {
            int src = 100 + random.nextInt(512);
            try (Socket s = new Socket()) {
                s.setReuseAddress(true);
                try {
                    s.bind(new InetSocketAddress(src));
                } catch (BindException e) {
                    lastBind = e;
                    if (String.valueOf(e.getMessage()).contains("ermission")) {
                        throw new IOException("binding source port " + src
                                + " needs root (CAP_NET_BIND_SERVICE): " + e.getMessage(), e);
                    }
                    continue;
                }
                s.connect(new InetSocketAddress(addr, port), (int) Math.max(1, remainingMs(end)));
                return talk(s, request, host, port, end, maxBytes);
            } catch (SocketTimeoutException e) {
                throw new HttpTimeoutException("no complete response within " + timeout.toMillis() + " ms");
            }
        }
        throw new IOException("no free source port below 1024: " + (lastBind == null ? "" : lastBind.getMessage()));
    }

    private static long remainingMs(long endNanos) throws HttpTimeoutException {
        long ms = (endNanos - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new HttpTimeoutException("attempt timed out");
        }
        return ms;
    }

    private static Response talk(Socket s, Request request, String host, int port, long end, long maxBytes)
            throws IOException {
        StringBuilder head = new StringBuilder();
        String path = request.uri().getRawPath().isEmpty() ? "/" : request.uri().getRawPath();
        if (request.uri().getRawQuery() != null) {
            path += "?" + request.uri().getRawQuery();
        }
        head.append(request.method()).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(port == 80 ? "" : ":" + port).append("\r\n");
        head.append("Connection: close\r\n");
        request.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (request.body().length > 0) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(request.body());
        out.flush();
        s.setSoTimeout((int) remainingMs(end));
        InputStream in = new BufferedInputStream(s.getInputStream());
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response");
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line");
        }
        Map<String, String> headers = new HashMap<>();
        int headerBytes = 0;
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            headerBytes += l.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("response headers too large");
            }
            int c = l.indexOf(':');
            if (c > 0) {
                headers.put(l.substring(0, c).strip().toLowerCase(Locale.ROOT), l.substring(c + 1).strip());
            }
            s.setSoTimeout((int) remainingMs(end));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            while (true) {
                String sz = line(in);
                int semi = sz.indexOf(';');
                long n;
                try {
                    n = Long.parseLong((semi < 0 ? sz : sz.substring(0, semi)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size");
                }
                if (n == 0) {
                    break;
                }
                copy(in, body, n, maxBytes, s, end);
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            long n;
            try {
                n = Long.parseLong(headers.get("content-length"));
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length");
            }
            if (n > maxBytes) {
                throw new ResponseTooLargeException(maxBytes);
            }
            copy(in, body, n, maxBytes, s, end);
        } else {
            copy(in, body, -1, maxBytes, s, end);
        }
        return new Response(code, headers, body.toByteArray());
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long n, long max, Socket s, long end)
            throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (n < 0 || left > 0) {
            s.setSoTimeout((int) remainingMs(end));
            int r = in.read(buf, 0, (int) (n < 0 ? buf.length : Math.min(buf.length, left)));
            if (r < 0) {
                if (n < 0) {
                    return;
                }
                throw new EOFException("connection closed before the whole body arrived");
            }
            if (out.size() + (long) r > max) {
                throw new ResponseTooLargeException(max);
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (b.size() > 8192) {
                throw new IOException("header line too long");
            }
            b.write(c);
        }
        if (c < 0 && b.size() == 0) {
            throw new EOFException("connection closed");
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
