package dev.bronze.platform.bench;

import dev.bronze.platform.http.JdkTransport;
import dev.bronze.platform.http.Request;
import dev.bronze.platform.http.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One GET in a fresh JVM, for {@code bench/http-cold}: {@code bronze} through Bronze's transport
 * (plain http over {@code PlainHttp}), {@code httpclient} through the JDK's HttpClient as the
 * transport used it for every request before (no proxy, no redirects, HTTP/1.1). Prints the status.
 */
public final class ColdFetch {

    private ColdFetch() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[1]);
        int status;
        if (args[0].equals("bronze")) {
            Response r = JdkTransport.metadata().exchange(Request.get(uri), Duration.ofSeconds(5), 1 << 20);
            status = r.status();
        } else {
            HttpClient c = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
            status = c.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).statusCode();
        }
        System.out.println(status);
    }
}
