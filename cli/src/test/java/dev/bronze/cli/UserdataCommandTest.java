package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end against a strict IMDS on 127.0.0.1, and against fixture trees. */
class UserdataCommandTest {

    @TempDir
    Path dir;
    HttpServer server;
    final Map<String, String> values = new ConcurrentHashMap<>();
    volatile int status = 0;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            try (ex) {
                String p = ex.getRequestURI().getPath();
                int code;
                byte[] body = new byte[0];
                if (status != 0) {
                    code = status;
                } else if (p.equals("/latest/api/token") && ex.getRequestMethod().equals("PUT")
                        && ex.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") != null) {
                    code = 200;
                    body = "tok".getBytes(StandardCharsets.UTF_8);
                } else if (!"tok".equals(ex.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
                    code = 401;
                } else if (values.containsKey(p)) {
                    code = 200;
                    body = values.get(p).getBytes(StandardCharsets.UTF_8);
                } else {
                    code = 404;
                }
                ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    ex.getResponseBody().write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void awsUserDataOnStdout() {
        values.put("/latest/user-data", "machine:\n  type: worker\n");
        MainTest.Run r = MainTest.run("userdata", "--platform", "aws", "--endpoint", endpoint(), "--timeout", "20s");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("machine:\n  type: worker\n");
        assertThat(r.err()).contains("user-data from AWS IMDS user-data").doesNotContain("worker");
    }

    @Test
    void noUserDataExitsThree() {
        MainTest.Run r = MainTest.run("userdata", "--platform", "aws", "--endpoint", endpoint());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("bronze: aws: no config source:");
    }

    @Test
    void failingServiceExitsOneWithOneLine() {
        status = 500;
        MainTest.Run r = MainTest.run("userdata", "--platform", "aws", "--endpoint", endpoint(), "--timeout", "2s");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("HTTP 500").contains("deadline 2s");
    }

    @Test
    void outFileIsByteExact() throws Exception {
        values.put("/latest/user-data", "a: b\n");
        Path out = dir.resolve("ud.yaml");
        MainTest.Run r = MainTest.run("userdata", "--platform", "aws", "--endpoint", endpoint(), "--out", out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo("a: b\n");
        assertThat(Files.getPosixFilePermissions(out)).hasSize(2);
    }

    @Test
    void metadataJsonIsOneDocument() throws Exception {
        values.put("/latest/meta-data/instance-id", "i-0abc");
        values.put("/latest/meta-data/placement/availability-zone", "eu-west-1b");
        values.put("/latest/meta-data/instance-type", "t3.small");
        MainTest.Run r = MainTest.run("metadata", "--platform", "aws", "--endpoint", endpoint(), "--json");
        assertThat(r.code()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("instanceId").asText()).isEqualTo("i-0abc");
        assertThat(n.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(n.get("providerId").asText()).isEqualTo("aws:///eu-west-1b/i-0abc");
        assertThat(n.get("network").get("timeServers")).hasSize(2);
        MainTest.Run human = MainTest.run("metadata", "--platform", "aws", "--endpoint", endpoint());
        assertThat(human.out()).contains("instance id     i-0abc").contains("link eth0");
    }

    @Test
    void platformFromTheCmdlineOfARootTree() throws Exception {
        Files.createDirectories(dir.resolve("proc"));
        Files.writeString(dir.resolve("proc/cmdline"), "console=ttyS0 talos.platform=nocloud\n");
        Path seed = dir.resolve("run/bronze/volumes/cidata");
        Files.createDirectories(seed);
        Files.writeString(seed.resolve("meta-data"), "instance-id: i-1\nlocal-hostname: n1\n");
        Files.writeString(seed.resolve("user-data"), "machine: {}\n");
        MainTest.Run r = MainTest.run("userdata", "--root", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("machine: {}\n");
        Files.writeString(seed.resolve("user-data"), "#cloud-config\n");
        assertThat(MainTest.run("userdata", "--root", dir.toString()).code()).isEqualTo(3);
        MainTest.Run m = MainTest.run("metadata", "--root", dir.toString(), "--json");
        assertThat(new ObjectMapper().readTree(m.out()).get("hostname").asText()).isEqualTo("n1");
    }

    @Test
    void azureDiscAndReadyReport() throws Exception {
        Path disc = dir.resolve("run/bronze/volumes/rd_rdfe_stable");
        Files.createDirectories(disc);
        Files.createDirectories(dir.resolve("proc"));
        Files.writeString(dir.resolve("proc/cmdline"), "talos.platform=azure\n");
        String custom = java.util.Base64.getEncoder().encodeToString("machine: azure\n".getBytes(StandardCharsets.UTF_8));
        Files.writeString(disc.resolve("ovf-env.xml"), "<?xml version=\"1.0\"?><Environment xmlns=\"http://schemas.dmtf.org/ovf/environment/1\">"
                + "<wa:ProvisioningSection xmlns:wa=\"http://schemas.microsoft.com/windowsazure\"><LinuxProvisioningConfigurationSet "
                + "xmlns=\"http://schemas.microsoft.com/windowsazure\"><HostName>vm1</HostName><CustomData>" + custom
                + "</CustomData></LinuxProvisioningConfigurationSet></wa:ProvisioningSection></Environment>");
        java.util.List<String> posts = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer wire = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        wire.createContext("/machine", ex -> {
            try (ex) {
                byte[] body = ex.getRequestMethod().equals("GET")
                        ? ("<GoalState><Incarnation>7</Incarnation><Container><ContainerId>c1</ContainerId><RoleInstanceList>"
                                + "<RoleInstance><InstanceId>r1</InstanceId></RoleInstance></RoleInstanceList></Container></GoalState>")
                                .getBytes(StandardCharsets.UTF_8)
                        : new byte[0];
                if (ex.getRequestMethod().equals("POST")) {
                    posts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                }
                ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    ex.getResponseBody().write(body);
                }
            }
        });
        wire.start();
        try {
            String ws = "http://127.0.0.1:" + wire.getAddress().getPort();
            MainTest.Run r = MainTest.run("userdata", "--root", dir.toString(), "--endpoint", endpoint(), "--wireserver", ws);
            assertThat(r.code()).isZero();
            assertThat(r.out()).isEqualTo("machine: azure\n");
            assertThat(posts).singleElement().satisfies(p -> assertThat(p).contains("<GoalStateIncarnation>7<")
                    .contains("<State>Ready</State>"));
            MainTest.Run quiet = MainTest.run("userdata", "--root", dir.toString(), "--endpoint", endpoint(), "--wireserver", ws, "--no-report");
            assertThat(quiet.code()).isZero();
            assertThat(posts).hasSize(1);
        } finally {
            wire.stop(0);
        }
    }

    @Test
    void usageErrors() throws Exception {
        Files.createDirectories(dir.resolve("proc"));
        Files.writeString(dir.resolve("proc/cmdline"), "quiet\n");
        // No platform on the command line and no cloud evidence: detection says metal, and metal
        // without talos.config= has no config source (exit 3), as Talos does.
        MainTest.Run none = MainTest.run("userdata", "--root", dir.toString());
        assertThat(none.code()).as(none.err()).isEqualTo(3);
        assertThat(MainTest.run("userdata", "--platform", "nope", "--root", dir.toString()).err()).contains("unknown platform 'nope'");
        assertThat(MainTest.run("userdata", "--platform", "aws", "--timeout", "soon").code()).isEqualTo(2);
        assertThat(MainTest.run("userdata", "--platform", "aws", "--endpoint", "ftp://x").code()).isEqualTo(2);
    }

    @Test
    void durations() {
        assertThat(FetchOptions.DurationConverter.parse("30s")).hasSeconds(30);
        assertThat(FetchOptions.DurationConverter.parse("3m")).hasMinutes(3);
        assertThat(FetchOptions.DurationConverter.parse("1h30m")).hasMinutes(90);
        assertThat(FetchOptions.DurationConverter.parse("500ms")).hasMillis(500);
        assertThat(FetchOptions.DurationConverter.parse("45")).hasSeconds(45);
    }
}
