package dev.bronze.hardware.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bronze.testing.qemu.E2eToolkit;
import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the e2e rows will present a cloud to a guest, in one boot: SMBIOS strings, the metadata
 * services at their real guest addresses (169.254.169.254 and Azure's 168.63.129.16) through
 * user-mode networking and guestfwd relays to a simulator on the host's 127.0.0.1, nothing else
 * reachable (restrict=on), and disks on the NVMe and AHCI buses with their serials.
 */
@Tag("qemu")
class GuestNetworkQemuTest {

    @Test
    void aGuestSeesTheCloudTheHostSimulates(@TempDir Path dir) throws IOException {
        HostTools.require("qemu-system-x86_64", "socat", "busybox", "cpio", "depmod");
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer sim = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sim.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " host=" + ex.getRequestHeaders().getFirst("Host"));
            if (ex.getRequestURI().getPath().startsWith("/latest/")) {
                // A slow answer, as busy metadata services give: the relay must keep the guest's
                // half-closed connection open until it arrives (socat's default gives up at 0.5 s).
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = switch (ex.getRequestURI().getPath()) {
                case "/latest/meta-data/instance-id" -> "i-0bronze".getBytes(StandardCharsets.UTF_8);
                case "/machine" -> "<Versions/>".getBytes(StandardCharsets.UTF_8);
                default -> null;
            };
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        sim.start();
        try {
            int port = sim.getAddress().getPort();
            String relay = E2eToolkit.fromRepository().script("relay") + " 127.0.0.1:" + port;
            Path nvme = Files.write(dir.resolve("nvme.img"), new byte[1 << 20]);
            Path sata = Files.write(dir.resolve("sata.img"), new byte[1 << 20]);

            GuestRun run = QemuGuest.builder(dir.resolve("guest"))
                    .smbios("type=1,manufacturer=Amazon EC2,product=t3.micro,serial=ec2e1d2f-0000")
                    .nic("user,net=168.0.0.0/7,guestfwd=tcp:169.254.169.254:80-cmd:" + relay
                            + ",guestfwd=tcp:168.63.129.16:80-cmd:" + relay)
                    .disk(QemuGuest.Disk.virtio(nvme).on(QemuGuest.Bus.NVME).serial("BRONZENVME1"))
                    .disk(QemuGuest.Disk.virtio(sata).on(QemuGuest.Bus.AHCI).serial("BRONZESATA1"))
                    .check("""
                            bronze_check net.up bronze_net_up eth0
                            bronze_result imds="$(bronze_http_get http://169.254.169.254/latest/meta-data/instance-id)"
                            bronze_result wireserver="$(bronze_http_get http://168.63.129.16/machine)"
                            if bronze_http_get http://169.254.169.254/nope >/dev/null; then
                              bronze_fail http.404 "a 404 was taken for a body"
                            else bronze_pass http.404; fi
                            # restrict=on: the host's own address answers nothing.
                            if nc -w 3 168.0.0.2 PORT </dev/null >/dev/null 2>&1; then
                              bronze_fail restricted "reached the host at 168.0.0.2:PORT"
                            else bronze_pass restricted; fi
                            bronze_result vendor="$(cat /sys/class/dmi/id/sys_vendor)" \\
                                          product="$(cat /sys/class/dmi/id/product_name)" \\
                                          serial="$(cat /sys/class/dmi/id/product_serial)"
                            bronze_wait_for /dev/nvme0n1 10; bronze_wait_for /dev/sda 10
                            bronze_result nvme.serial="$(cat /sys/block/nvme0n1/device/serial | tr -d ' ')" \\
                                          sda.vendor="$(cat /sys/block/sda/device/vendor | tr -d ' ')"
                            """.replace("PORT", Integer.toString(port)))
                    .timeout(Duration.ofMinutes(5))
                    .run();

            assertThat(run.passed()).as(run.describe()).isTrue();
            assertThat(run.result("imds")).as(run.describe()).contains("i-0bronze");
            assertThat(run.result("wireserver")).contains("<Versions/>");
            assertThat(requests).contains("GET /latest/meta-data/instance-id host=169.254.169.254",
                    "GET /machine host=168.63.129.16");
            assertThat(run.results()).containsEntry("vendor", "Amazon EC2").containsEntry("product", "t3.micro")
                    .containsEntry("serial", "ec2e1d2f-0000")
                    .containsEntry("nvme.serial", "BRONZENVME1").containsEntry("sda.vendor", "ATA");
            assertThat(run.boots().get(0).field("product")).contains("t3.micro");
        } finally {
            sim.stop(0);
        }
    }
}
