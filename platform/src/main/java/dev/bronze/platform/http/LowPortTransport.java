package dev.bronze.platform.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Plain http from a socket bound to a source port below 1024. Scaleway's metadata service only
 * answers privileged ports (proof that the caller is root), and the JDK's HttpClient cannot
 * choose its source port. The exchange itself is {@link PlainHttp}'s.
 */
public final class LowPortTransport implements Transport {

    private final RandomGenerator random;

    public LowPortTransport(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public Response exchange(Request request, Duration timeout, long maxBytes) throws IOException, InterruptedException {
        // Socket reads do not notice an interrupt: a caller that gave up is told before the request.
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before " + request.uri());
        }
        if (!"http".equalsIgnoreCase(request.uri().getScheme())) {
            throw new IOException("the low-port client speaks plain http only: " + request.uri().getScheme());
        }
        long end = System.nanoTime() + timeout.toNanos();
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
                PlainHttp.connect(s, request.uri(), end);
                return PlainHttp.exchange(s, request, end, maxBytes);
            }
        }
        throw new IOException("no free source port below 1024: " + (lastBind == null ? "" : lastBind.getMessage()));
    }
}
