package dev.bronze.platform.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One plain-http HTTP/1.1 exchange over a socket, as metadata services need it: one request per
 * connection, Content-Length, chunked or read-to-close bodies, all capped, and every read bounded
 * by the attempt's deadline, so a server trickling a byte at a time cannot stretch an attempt.
 * It exists because this runs on every boot: a cold JVM makes its first request this way in
 * ~30 ms, against ~300 ms for the JDK's HttpClient (TLS set-up and a selector thread, even for
 * plain http); and because Scaleway needs the socket bound to a chosen source port first.
 */
final class PlainHttp {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Headers the exchange writes itself; a caller's copy would be a second, conflicting one. */
    private static final Set<String> OWN = Set.of("host", "connection", "content-length", "transfer-encoding", "expect",
            "upgrade");

    private PlainHttp() {
    }

    static long remainingMs(long endNanos) throws HttpTimeoutException {
        long ms = (endNanos - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new HttpTimeoutException("attempt timed out");
        }
        return ms;
    }

    static int port(URI uri) {
        return uri.getPort() < 0 ? 80 : uri.getPort();
    }

    /**
     * The request's host as an address. Literal addresses (every link-local metadata service) need
     * no lookup; a name (CloudStack's {@code data-server.}) is looked up within the deadline, since
     * a resolver that does not answer would otherwise hold the attempt for its own timeouts.
     */
    static InetAddress address(URI uri, long end) throws IOException {
        String host = uri.getHost();
        if (host == null) {
            throw new IOException("no host in " + uri);
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.indexOf(':') >= 0 || h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return InetAddress.getByName(h);
        }
        CompletableFuture<InetAddress> f = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(h);
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        try {
            return f.get(remainingMs(end), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("no answer from the resolver for " + h);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted looking up " + h);
        }
    }

    /** Connects {@code s} (bound or not) to the request's host within the deadline. */
    static void connect(Socket s, URI uri, long end) throws IOException {
        InetAddress addr = address(uri, end);
        try {
            s.connect(new InetSocketAddress(addr, port(uri)), (int) remainingMs(end));
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("no connection to " + uri.getHost() + " within the deadline");
        }
    }

    /** Sends the request on a connected socket and reads the whole response, or fails. */
    static Response exchange(Socket s, Request request, long end, long maxBytes) throws IOException {
        URI uri = request.uri();
        StringBuilder head = new StringBuilder();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        head.append(request.method()).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(uri.getHost()).append(port(uri) == 80 ? "" : ":" + port(uri)).append("\r\n");
        head.append("Connection: close\r\n");
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if (OWN.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            // Header values can come from an earlier response (a metadata token): never let one
            // end the line and start a header or a request of its own.
            if (!token(h.getKey()) || h.getValue().indexOf('\r') >= 0 || h.getValue().indexOf('\n') >= 0) {
                throw new IOException("refusing to send header " + printable(h.getKey()) + ": bad name or a line break in its value");
            }
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        boolean sendsBody = request.body().length > 0 || request.method().equals("POST") || request.method().equals("PUT");
        if (sendsBody) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(request.body());
        out.flush();
        InputStream in = new BufferedInputStream(new DeadlineInput(s, end));

        int code;
        Map<String, String> headers;
        String first;
        try {
            first = line(in);
        } catch (EOFException e) {
            throw new NoResponseException();
        }
        do {
            code = status(first == null ? line(in) : first);
            first = null;
            headers = headers(in);
        } while (code >= 100 && code < 200);    // interim responses (103 Early Hints) precede the real one

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (request.method().equals("HEAD") || code == 204 || code == 304) {
            return new Response(code, headers, body.toByteArray());
        }
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String sz = line(in);
                int semi = sz.indexOf(';');
                long n;
                try {
                    n = Long.parseLong((semi < 0 ? sz : sz.substring(0, semi)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size");
                }
                if (n < 0) {
                    throw new IOException("bad chunk size");
                }
                if (n == 0) {
                    break;
                }
                copy(in, body, n, maxBytes);
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            long n;
            try {
                n = Long.parseLong(headers.get("content-length").strip());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length");
            }
            if (n < 0) {
                throw new IOException("bad Content-Length");
            }
            if (n > maxBytes) {
                throw new ResponseTooLargeException(maxBytes);
            }
            copy(in, body, n, maxBytes);
        } else {
            copy(in, body, -1, maxBytes);
        }
        return new Response(code, headers, body.toByteArray());
    }

    private static int status(String line) throws IOException {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response");
        }
        try {
            int code = Integer.parseInt(parts[1]);
            if (code < 100 || code > 999) {
                throw new IOException("bad status line");
            }
            return code;
        } catch (NumberFormatException e) {
            throw new IOException("bad status line");
        }
    }

    /** Header fields up to the blank line; a name sent twice keeps both values, comma-joined. */
    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int headerBytes = 0;
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            headerBytes += l.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("response headers too large");
            }
            int c = l.indexOf(':');
            if (c > 0) {
                String name = l.substring(0, c).strip().toLowerCase(Locale.ROOT);
                String value = l.substring(c + 1).strip();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
        }
        return headers;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long n, long max) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (n < 0 || left > 0) {
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

    private static boolean token(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The server closed the connection before a byte of the response: a GET may be sent again. */
    static final class NoResponseException extends EOFException {
        private static final long serialVersionUID = 1L;

        NoResponseException() {
            super("connection closed before any response");
        }
    }

    /** Each read waits at most what is left of the deadline, then fails as a timeout. */
    private static final class DeadlineInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long end;

        DeadlineInput(Socket socket, long end) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMs(end)));
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw new HttpTimeoutException("no complete response within the deadline");
            }
        }
    }
}
