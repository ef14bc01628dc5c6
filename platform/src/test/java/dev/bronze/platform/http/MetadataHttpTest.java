package dev.bronze.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.platform.sim.FakeTime;
import dev.bronze.platform.sim.MetadataSimulator;
import dev.bronze.platform.sim.MetadataSimulator.Fault;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataHttpTest {

    static final StatusTable TABLE = StatusTable.of("test")
            .on(Verdict.OK, 200)
            .on(Verdict.ABSENT, 404)
            .on(403, Verdict.FATAL, "disabled")
            .on(Verdict.REFRESH_TOKEN, 401)
            .onClass(5, Verdict.RETRY)
            .otherwise(Verdict.RETRY, "")
            .build();

    MetadataSimulator sim;
    FakeTime time;

    @BeforeEach
    void start() throws Exception {
        sim = new MetadataSimulator();
        sim.get("/data", "hello");
        time = new FakeTime();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    MetadataHttp http(RetryPolicy p) {
        return new MetadataHttp(JdkTransport.metadata(), time, time, new Random(7), p);
    }

    static RetryPolicy fast() {
        return new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(8), Duration.ofMillis(1000), 1024 * 1024);
    }

    @Test
    void okOnFirstAttemptDoesNotSleep() {
        HttpResult r = http(fast()).call(Request.get(sim.uri("/data")), TABLE);
        assertThat(r).isInstanceOf(HttpResult.Ok.class);
        assertThat(new String(((HttpResult.Ok) r).response().body())).isEqualTo("hello");
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void serverErrorsAndDroppedConnectionsAreRetriedWithGrowingJitteredBackoff() {
        sim.fault(new Fault.Status(500, null), new Fault.Drop(), new Fault.Truncate(), new Fault.Status(502, null));
        HttpResult r = http(fast()).call(Request.get(sim.uri("/data")), TABLE);
        assertThat(r).isInstanceOf(HttpResult.Ok.class);
        assertThat(sim.count("GET", "/data")).isEqualTo(5);
        // The JDK client itself repeats a GET once when the connection closes before any status
        // line, so the drop may cost no backoff of ours.
        assertThat(time.sleeps()).hasSizeBetween(3, 4);
        // 1s, 2s, 4s, 8s plus jitter in [0, 1s).
        long[] base = {1000, 2000, 4000, 8000};
        for (int i = 0; i < time.sleeps().size(); i++) {
            assertThat(time.sleeps().get(i).toMillis()).isBetween(base[i], base[i] + 999);
        }
    }

    @Test
    void backoffIsCappedAtTheMaximum() {
        assertThat(fast().backoff(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(fast().backoff(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(fast().backoff(10)).isEqualTo(Duration.ofSeconds(8));
        assertThat(fast().backoff(100)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void retryAfterIsHonouredOn429And503() {
        sim.fault(new Fault.Status(429, "7"), new Fault.Status(503, "5"));
        HttpResult r = http(fast()).call(Request.get(sim.uri("/data")), TABLE);
        assertThat(r).isInstanceOf(HttpResult.Ok.class);
        assertThat(time.sleeps().get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
        assertThat(time.sleeps().get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void retryAfterBeyondTheDeadlineFailsAtOnceWithTheReason() {
        sim.fault(new Fault.Status(503, "3600"));
        HttpResult r = http(fast()).call(Request.get(sim.uri("/data")), TABLE);
        assertThat(r).isInstanceOfSatisfying(HttpResult.Failed.class,
                f -> assertThat(f.cause()).contains("HTTP 503").contains("Retry-After 1h").contains("beyond the deadline"));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void httpDateRetryAfterIsParsed() {
        var now = time.instant();
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(now.plusSeconds(30).atZone(java.time.ZoneOffset.UTC));
        assertThat(MetadataHttp.retryAfter(date, time)).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
        assertThat(MetadataHttp.retryAfter("soon", time)).isNull();
        assertThat(MetadataHttp.retryAfter("-5", time)).isNull();
    }

    @Test
    void deadlineEndsTheLoopWithTheLastCause() {
        sim.route("GET", "/data", c -> MetadataSimulator.Reply.status(500));
        HttpResult r = http(fast().withDeadline(Duration.ofSeconds(20))).call(Request.get(sim.uri("/data")), TABLE);
        assertThat(r).isInstanceOfSatisfying(HttpResult.Failed.class, f -> {
            assertThat(f.cause()).contains("GET http://127.0.0.1:").contains("/data: HTTP 500").contains("deadline 20s");
            assertThat(f.fatal()).isFalse();
        });
        assertThat(time.slept()).isLessThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(sim.count("GET", "/data")).isBetween(4L, 6L);
    }

    @Test
    void slowResponsesTimeOutPerAttempt() {
        sim.fault(new Fault.Latency(1500));
        HttpResult r = http(fast().withAttemptTimeout(Duration.ofMillis(300))).call(Request.get(sim.uri("/data")), TABLE);
        assertThat(r).isInstanceOf(HttpResult.Ok.class);
        assertThat(sim.count("GET", "/data")).isEqualTo(2);
    }

    @Test
    void absentAndFatalAreNotRetried() {
        HttpResult absent = http(fast()).call(Request.get(sim.uri("/nothing")), TABLE);
        assertThat(absent).isInstanceOf(HttpResult.Absent.class);
        sim.route("GET", "/off", c -> MetadataSimulator.Reply.status(403));
        HttpResult fatal = http(fast()).call(Request.get(sim.uri("/off")), TABLE);
        assertThat(fatal).isInstanceOfSatisfying(HttpResult.Failed.class, f -> {
            assertThat(f.fatal()).isTrue();
            assertThat(f.cause()).contains("answered 403: disabled");
        });
        assertThat(sim.count("GET", "/off")).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void hugeBodiesAreRefusedWithoutRetry() {
        sim.fault(new Fault.Huge(64L * 1024 * 1024));
        HttpResult r = http(fast()).call(Request.get(sim.uri("/data")), TABLE);
        assertThat(r).isInstanceOfSatisfying(HttpResult.Failed.class, f -> {
            assertThat(f.fatal()).isTrue();
            assertThat(f.cause()).contains("larger than 1048576 bytes");
        });
        assertThat(sim.count("GET", "/data")).isEqualTo(1);
    }

    @Test
    void wrongContentTypeIsATransientFault() {
        sim.route("GET", "/j", c -> MetadataSimulator.Reply.json("{\"a\":1}"));
        sim.fault(new Fault.Html());
        HttpResult r = http(fast()).call(Request.get(sim.uri("/j")).accepting("application/json"), TABLE);
        assertThat(r).isInstanceOf(HttpResult.Ok.class);
        assertThat(sim.count("GET", "/j")).isEqualTo(2);
    }

    @Test
    void tokenSignalsGoBackToTheCaller() {
        sim.route("GET", "/t", c -> MetadataSimulator.Reply.status(401));
        HttpResult r = http(fast()).call(Request.get(sim.uri("/t")), TABLE);
        assertThat(r).isInstanceOfSatisfying(HttpResult.Signal.class,
                s -> assertThat(s.verdict()).isEqualTo(Verdict.REFRESH_TOKEN));
    }

    @Test
    void connectionRefusedIsRetriedUntilTheDeadline() throws Exception {
        var dead = new MetadataSimulator();
        var uri = dead.uri("/x");
        dead.close();
        HttpResult r = http(fast().withDeadline(Duration.ofSeconds(10))).call(Request.get(uri), TABLE);
        assertThat(r).isInstanceOfSatisfying(HttpResult.Failed.class,
                f -> assertThat(f.cause()).contains("gave up after"));
    }

    @Test
    void tablesRenderAsMarkdown() {
        assertThat(TABLE.markdown()).contains("| 404 | absent: no config source, not retried |")
                .contains("| 403 | fail now, not retried (disabled) |")
                .contains("| 5xx | retry with backoff until the deadline |");
    }
}
