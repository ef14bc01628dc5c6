package dev.bronze.installer.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.testing.qemu.E2eToolkit;
import dev.bronze.testing.qemu.GuestLine;
import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bronze in the guest, the way it is used: an image made by the real install (systemd-boot, no
 * platform given) boots under OVMF; its initramfs runs the node agent in-process on a jlink'd
 * runtime; the agent detects metal, fetches its configuration from {@code talos.config=} (served on
 * the host's 127.0.0.1 through guestfwd and the relay) and reports one line. Then a trial whose
 * init hangs is reset by the i6300esb that boot-check armed, and systemd-boot's counter brings
 * slot A back — without the test killing QEMU.
 */
@Tag("qemu")
class NodeAgentQemuTest {

    static final byte[] CONFIG = "version: v1alpha1\nmachine:\n  type: controlplane\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    HttpServer server;
    final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " Host=" + ex.getRequestHeaders().getFirst("Host"));
            if (ex.getRequestURI().getPath().equals("/config")) {
                ex.sendResponseHeaders(200, CONFIG.length);
                ex.getResponseBody().write(CONFIG);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static Path nodeInitramfs(E2eToolkit t, String version, String behaviour) throws IOException {
        String out = HostCommand.run(List.of(t.script("build-node-initramfs").toString(), "--quiet", "--version", version,
                "--behaviour", behaviour), Map.of(), Duration.ofMinutes(30));
        return Path.of(out.strip());
    }

    List<Map<String, String>> nodeLines(GuestRun run) {
        return run.lines().stream().filter(GuestLine.Result.class::isInstance).map(l -> ((GuestLine.Result) l).values())
                .filter(v -> "1".equals(v.get("node"))).toList();
    }

    @Test
    void theAgentConfirmsFetchesAndAHungTrialIsResetByTheWatchdog() throws Exception {
        HostTools.require("qemu-system-x86_64", "busybox", "cpio", "depmod", "jlink", "jdeps", "socat", "zip");
        E2eToolkit toolkit = E2eToolkit.fromRepository();
        Path kernel = toolkit.kernel().vmlinuz();
        Path initrd = nodeInitramfs(toolkit, "1", "ok");
        Path hang = nodeInitramfs(toolkit, "2", "hang");

        // The real install: systemd-boot, no platform, the configuration URL on the command line.
        Installer installer = new Installer(BootTools.debian("x64", dir.resolve("work")), Clock.systemUTC(), SysRoot.of(dir), s -> { });
        Path image = dir.resolve("node.img");
        long payload = Files.size(kernel) + Math.max(Files.size(initrd), Files.size(hang)) + (8L << 20);
        long size = ((2 * payload + (384L << 20)) >> 20 << 20) + (1L << 20);
        Plan plan = LayoutPlanner.plan(BootloaderKind.SD_BOOT.defaultLayout().withSlotPayload(payload), image.toString(), size, 512,
                GuidSource.seeded("node-agent"), new DiskContents("none", List.of(), List.of(), false));
        String cmdline = "console=ttyS0 panic=1 talos.config=http://10.0.2.100/config";
        try (ImageFile dev = ImageFile.create(image, size, 512)) {
            installer.install(dev, plan, new Installer.InstallRequest(BootloaderKind.SD_BOOT, new BootPayload.Kernel(kernel, initrd), "1",
                    cmdline, Optional.empty()), false);
        }
        String relay = toolkit.script("relay") + " 127.0.0.1:" + server.getAddress().getPort();
        Path logs = Files.createDirectories(Path.of("target", "qemu-logs"));
        Path vars = dir.resolve("vars.fd");

        GuestRun first = QemuGuest.builder(dir.resolve("guest1"))
                .firmware(QemuGuest.Firmware.UEFI).ovmfVars(vars).disk(image)
                .nic("user,guestfwd=tcp:10.0.2.100:80-cmd:" + relay)
                .watchdog().memoryMiB(768).noReboot()
                .serialLog(logs.resolve("node-agent-ok.log"))
                .timeout(Duration.ofMinutes(15))
                .run();
        List<Map<String, String>> lines = nodeLines(first);
        assertThat(lines).as(first.describe()).hasSize(1);
        Map<String, String> r = lines.get(0);
        assertThat(r).as(first.describe())
                .containsEntry("version", "1").containsEntry("slot", "A").containsEntry("trial", "no")
                .containsEntry("outcome", "not-a-trial").containsEntry("platform", "metal").containsEntry("source", "detected")
                .containsEntry("userdata_bytes", String.valueOf(CONFIG.length))
                .containsEntry("userdata_sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CONFIG)))
                .doesNotContainKey("error");
        System.out.println("node agent: seconds=" + r.get("seconds") + "; " + first.summary());
        assertThat(first.passed()).as(first.describe()).isTrue();
        assertThat(requests).anySatisfy(q -> assertThat(q).startsWith("GET /config").contains("Host=10.0.2.100"));

        // Version 2's init hangs: boot-check arms the watchdog, nothing feeds it. One try only.
        try (Installer.Session s = installer.open(ImageFile.open(image, 512), Optional.empty())) {
            s.upgrade(new BootPayload.Kernel(kernel, hang), "2", cmdline, 1, Optional.empty());
        }
        Path node = Files.writeString(dir.resolve("node.txt"), "watchdog.timeout=15s\n");
        GuestRun second = QemuGuest.builder(dir.resolve("guest2"))
                .firmware(QemuGuest.Firmware.UEFI).ovmfVars(vars).disk(image)
                .nic("user,guestfwd=tcp:10.0.2.100:80-cmd:" + relay)
                .watchdog().memoryMiB(768).expectBoots(2)
                .qemuArg("-fw_cfg").qemuArg("name=opt/bronze/node,file=" + node)
                .serialLog(logs.resolve("node-agent-hang.log"))
                .timeout(Duration.ofMinutes(20))
                .run();
        lines = nodeLines(second);
        assertThat(lines).as(second.describe()).hasSize(2);
        assertThat(lines.get(0)).as(second.describe())
                .containsEntry("version", "2").containsEntry("slot", "B").containsEntry("trial", "yes").containsEntry("outcome", "hung");
        assertThat(lines.get(1)).as(second.describe())
                .containsEntry("version", "1").containsEntry("slot", "A").containsEntry("outcome", "not-a-trial");
        assertThat(second.boots()).hasSize(2);
        assertThat(second.passed()).as(second.describe()).isTrue();
        try (Installer.Session s = installer.open(ImageFile.openReadOnly(image, 512), Optional.of(Slot.A))) {
            assertThat(s.status().state().slot(Slot.B).state()).as("systemd-boot counted B's only try").isEqualTo(SlotState.BAD);
        }
    }
}
