package dev.bronze.installer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.bronze.bootloader.ab.AbStateJson;
import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.meta.MetaKey;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.hardware.linux.Reboot;
import dev.bronze.hardware.watchdog.Watchdog;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.platform.Detector;
import dev.bronze.platform.fetch.FetchContext;
import dev.bronze.platform.http.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's decisions on real installed images (systemd-boot layout, pure-Java FAT), a fixture
 * {@code /proc} and {@code /sys}, a user-data server on 127.0.0.1, a recording watchdog and a
 * reboot that only records: no QEMU and nothing of this machine touched.
 */
class NodeAgentTest {

    static final byte[] CONFIG = "version: v1alpha1\nmachine:\n  type: worker\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    HttpServer server;
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    final Map<String, Integer> status = new ConcurrentHashMap<>();
    final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    Path root;
    Path image;
    final FakeWatchdog watchdog = new FakeWatchdog();
    final List<Integer> reboots = new ArrayList<>();
    boolean hung;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String p = ex.getRequestURI().getPath();
            requests.add(p);
            byte[] body = served.get(p);
            int code = status.getOrDefault(p, body == null ? 404 : 200);
            byte[] out = code == 200 && body != null ? body : new byte[0];
            ex.sendResponseHeaders(code, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
            ex.close();
        });
        server.start();
        served.put("/config", CONFIG);
        root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("etc/bronze"));
        Files.writeString(root.resolve("etc/bronze/version"), "1\n");
        cmdline("A");
        image = dir.resolve("node.img");
        long size = 512L << 20;
        Plan plan = LayoutPlanner.plan(BootloaderKind.SD_BOOT.defaultLayout(), image.toString(), size, 512, GuidSource.seeded("node"),
                new DiskContents("none", List.of(), List.of(), false));
        try (ImageFile dev = ImageFile.create(image, size, 512)) {
            installer().install(dev, plan, new Installer.InstallRequest(BootloaderKind.SD_BOOT, payload("1"), "1", "console=ttyS0",
                    Optional.empty()), true);
        }
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    void cmdline(String slot) throws IOException {
        Files.writeString(root.resolve("proc/cmdline"), "console=ttyS0 bronze.slot=" + slot
                + " talos.config=http://127.0.0.1:" + server.getAddress().getPort() + "/config\n");
    }

    void instructions(String text) throws IOException {
        Path f = root.resolve(NodeConfig.FW_CFG);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    Installer installer() {
        return new Installer(BootTools.debian("x64", dir.resolve("work")), Clock.systemUTC(), SysRoot.of(dir), s -> { });
    }

    BootPayload payload(String v) throws IOException {
        Path d = Files.createDirectories(dir.resolve("p" + v));
        return new BootPayload.Kernel(Files.write(d.resolve("vmlinuz"), ("kernel " + v + "\n").repeat(2000).getBytes()),
                Files.write(d.resolve("initrd"), ("initrd " + v + "\n").repeat(3000).getBytes()));
    }

    /** The session the agent gets: the image, with the slot the fixture's cmdline says it booted. */
    Installer.Session open() throws IOException {
        String slot = Files.readString(root.resolve("proc/cmdline")).replaceAll("(?s).*bronze\\.slot=(\\w).*", "$1").strip();
        return installer().open(ImageFile.open(image, 512), Optional.of(Slot.parse(slot)));
    }

    AbStatus status() throws IOException {
        try (Installer.Session s = open()) {
            return s.status();
        }
    }

    NodeAgent agent(NodeSessions sessions) {
        SysRoot sys = SysRoot.of(root);
        FetchContext fetch = FetchContext.builder(sys)
                .policy(new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMillis(20),
                        Duration.ZERO, RetryPolicy.DEFAULT_MAX_BYTES))
                .build();
        Reboot reboot = new Reboot(new Reboot.Syscall() {
            @Override
            public void sync() {
            }

            @Override
            public int reboot(int magic, int magic2, int cmd, String arg) {
                reboots.add(cmd);
                throw new Rebooted();
            }
        });
        return new NodeAgent(sys, Clock.systemUTC(), java.time.Instant.now(), sessions, watchdog, Detector::detect, fetch,
                dir.resolve("downloads"), reboot, () -> hung = true, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    NodeAgent agent() {
        return agent(this::open);
    }

    /** The protocol lines the agent printed. */
    List<String> lines() {
        return console.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("BRONZE-")).toList();
    }

    String resultLine() {
        List<String> r = lines().stream().filter(l -> l.startsWith("BRONZE-RESULT ")).toList();
        assertThat(r).as(console.toString(StandardCharsets.UTF_8)).hasSize(1);
        return r.get(0);
    }

    /** META's copy of the slots is what the bootloader says, and no upgrade is pending any more. */
    void assertMetaMirrors(AbStatus st) throws IOException {
        try (Installer.Session s = open()) {
            var meta = s.meta().orElseThrow().read();
            assertThat(meta.get(MetaKey.BRONZE_SLOTS).flatMap(AbStateJson::read)).contains(st.state());
            assertThat(meta.get(MetaKey.UPGRADE)).isEmpty();
        }
    }

    void upgradeOnHost(String version) throws IOException {
        try (Installer.Session s = open()) {
            s.upgrade(payload(version), version, null, 2, Optional.empty());
        }
    }

    @Test
    void aKnownGoodBootFetchesAndReportsWithoutArmingTheWatchdog() {
        NodeReport r = agent().run(NodeAgent.Behaviour.OK);

        assertThat(r.outcome()).as(console.toString()).isEqualTo(NodeReport.Outcome.NOT_A_TRIAL);
        assertThat(r.slot()).contains("A");
        assertThat(r.trial()).isFalse();
        assertThat(r.version()).isEqualTo("1");
        assertThat(r.platform()).contains("metal");
        assertThat(r.userDataBytes()).contains((long) CONFIG.length);
        assertThat(r.userDataSha256()).contains(NodeAgent.sha256(CONFIG));
        assertThat(requests).contains("/config");
        assertThat(watchdog.armed).isEmpty();
        assertThat(resultLine()).startsWith("BRONZE-RESULT node=1 version=1 slot=A trial=no outcome=not-a-trial platform=metal ")
                .contains(" userdata_sha256=" + NodeAgent.sha256(CONFIG) + " userdata_bytes=" + CONFIG.length + " ")
                .doesNotContain("error=");
    }

    @Test
    void aTrialArmsTheWatchdogFeedsItAndIsConfirmed() throws IOException {
        upgradeOnHost("2");
        cmdline("B");
        Files.writeString(root.resolve("etc/bronze/version"), "2\n");
        instructions("# this boot\nwatchdog.timeout=45s\n");

        NodeReport r = agent().run(NodeAgent.Behaviour.OK);

        assertThat(r.outcome()).as(console.toString()).isEqualTo(NodeReport.Outcome.CONFIRMED);
        assertThat(r.trial()).isTrue();
        assertThat(r.slot()).contains("B");
        assertThat(watchdog.armed).containsExactly(Duration.ofSeconds(45));
        assertThat(watchdog.feeds).isGreaterThanOrEqualTo(2);
        assertThat(watchdog.disarmed).isTrue();
        AbStatus st = status();
        assertThat(st.state().slot(Slot.B).state()).isEqualTo(SlotState.GOOD);
        assertMetaMirrors(st);
        assertThat(resultLine()).contains(" version=2 slot=B trial=yes outcome=confirmed ");
    }

    @Test
    void aTrialWhoseUserDataIsRefusedIsRejectedAndSaysWhy() throws IOException {
        upgradeOnHost("2");
        cmdline("B");
        status.put("/config", 403);

        NodeReport r = agent().run(NodeAgent.Behaviour.OK);

        assertThat(r.outcome()).isEqualTo(NodeReport.Outcome.REJECTED);
        assertThat(r.error()).get().asString().contains("user-data").contains("403");
        assertThat(watchdog.disarmed).isTrue();
        assertThat(status().state().slot(Slot.B).state()).isEqualTo(SlotState.BAD);
        assertMetaMirrors(status());
        assertThat(resultLine()).contains(" outcome=rejected ").contains(" error=user-data:%20");
    }

    @Test
    void hangArmsTheWatchdogReportsHungAndNeverConfirmsOrFeeds() throws IOException {
        upgradeOnHost("2");
        cmdline("B");
        instructions("watchdog.timeout=20s\n");

        NodeReport r = agent().run(NodeAgent.Behaviour.HANG);

        assertThat(hung).isTrue();
        assertThat(r.outcome()).isEqualTo(NodeReport.Outcome.HUNG);
        assertThat(watchdog.armed).containsExactly(Duration.ofSeconds(20));
        assertThat(watchdog.feeds).isZero();
        assertThat(watchdog.disarmed).isFalse();
        assertThat(status().state().slot(Slot.B).state()).isEqualTo(SlotState.TRIAL);
        assertThat(requests).as("a hung init fetches nothing").isEmpty();
        assertThat(resultLine()).contains(" slot=B trial=yes outcome=hung ");
    }

    @Test
    void upgradeInstructionsDownloadTheUpgradeIntoTheOtherSlotAndReboot() throws IOException {
        byte[] kernel = "new kernel\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
        byte[] initrd = "new initrd\n".repeat(7000).getBytes(StandardCharsets.UTF_8);
        served.put("/v2/vmlinuz", kernel);
        served.put("/v2/initrd", initrd);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        instructions("upgrade.kernel=" + base + "/v2/vmlinuz\nupgrade.initrd=" + base + "/v2/initrd\nupgrade.version=2\nupgrade.tries=2\n");

        assertThatThrownBy(() -> agent().run(NodeAgent.Behaviour.OK)).isInstanceOf(Rebooted.class);

        assertThat(reboots).containsExactly(Reboot.CMD_RESTART);
        AbStatus st = status();
        assertThat(st.state().slot(Slot.B).state()).isEqualTo(SlotState.TRIAL);
        assertThat(st.state().slot(Slot.B).version()).isEqualTo("2");
        assertThat(st.next()).isEqualTo(Slot.B);
        assertThat(Files.readAllBytes(dir.resolve("downloads/vmlinuz"))).isEqualTo(kernel);
        assertThat(resultLine()).contains(" slot=A trial=no outcome=upgraded ");
        List<String> l = lines();
        assertThat(l.get(l.size() - 1)).startsWith("BRONZE-DONE status=pass");
    }

    @Test
    void aMissingPayloadIsReportedAndNothingIsUpgradedOrRebooted() throws IOException {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        served.put("/v2/vmlinuz", "k".repeat(100).getBytes(StandardCharsets.UTF_8));
        instructions("upgrade.kernel=" + base + "/v2/vmlinuz\nupgrade.initrd=" + base + "/v2/missing\nupgrade.version=2\n");

        NodeReport r = agent().run(NodeAgent.Behaviour.OK);

        assertThat(r.outcome()).isEqualTo(NodeReport.Outcome.REJECTED);
        assertThat(r.error()).get().asString().contains("initrd").contains("/v2/missing").contains("404");
        assertThat(reboots).isEmpty();
        assertThat(status().state().slot(Slot.B).state()).isNotEqualTo(SlotState.TRIAL);
    }

    @Test
    void failuresBeforeTheSessionAreOneLineNotAStackTrace() {
        NodeReport r = agent(() -> {
            throw new IOException("no disk for you");
        }).run(NodeAgent.Behaviour.OK);

        assertThat(r.outcome()).isEqualTo(NodeReport.Outcome.REJECTED);
        assertThat(resultLine()).endsWith(" error=no%20disk%20for%20you").contains(" slot=- ");
        assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badInstructionsAreReportedInTheLine() throws IOException {
        instructions("watchdog.timout=30s\n");

        NodeReport r = agent().run(NodeAgent.Behaviour.OK);

        assertThat(r.outcome()).isEqualTo(NodeReport.Outcome.REJECTED);
        assertThat(r.error()).get().asString().contains("unknown key 'watchdog.timout'");
        assertThat(requests).isEmpty();
    }

    /** Stands in for reboot(2) never returning. */
    static final class Rebooted extends Error {
        private static final long serialVersionUID = 1L;
    }

    static final class FakeWatchdog implements Watchdog {
        final List<Duration> armed = new ArrayList<>();
        int feeds;
        boolean disarmed;

        @Override
        public boolean present() {
            return true;
        }

        @Override
        public Duration arm(Duration timeout) {
            armed.add(timeout);
            return timeout;
        }

        @Override
        public void feed() {
            if (armed.isEmpty()) {
                throw new IllegalStateException("not armed");
            }
            feeds++;
        }

        @Override
        public void disarm() {
            disarmed = true;
        }

        @Override
        public void close() {
        }
    }
}
