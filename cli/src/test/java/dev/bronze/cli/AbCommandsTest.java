package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The A/B commands as a user runs them, in-process, on an image file. */
class AbCommandsTest {

    @TempDir
    Path dir;

    Path img;

    static MainTest.Run run(String... args) {
        return MainTest.run(args);
    }

    static JsonNode json(MainTest.Run r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    void payload(String v) throws Exception {
        Files.write(dir.resolve("vmlinuz-" + v), ("kernel " + v).repeat(5000).getBytes());
        Files.write(dir.resolve("initrd-" + v), ("initrd " + v).repeat(7000).getBytes());
    }

    String[] payloadArgs(String v) {
        return new String[] {"--kernel", dir.resolve("vmlinuz-" + v).toString(), "--initrd", dir.resolve("initrd-" + v).toString()};
    }

    static void openssl(Path cwd, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @BeforeEach
    void keys() throws Exception {
        img = dir.resolve("disk.img");
        payload("1");
        payload("2");
        openssl(dir, "genpkey", "-algorithm", "ed25519", "-out", "op.key");
        openssl(dir, "pkey", "-in", "op.key", "-pubout", "-out", "op.pub");
    }

    void sign(String v) throws Exception {
        // The manifest, exactly as the README tells operators to make it.
        Process p = new ProcessBuilder("sh", "-c", "sha256sum vmlinuz-" + v + " initrd-" + v
                + " | sed -e 's/vmlinuz-" + v + "$/kernel/' -e 's/initrd-" + v + "$/initrd/' > manifest-" + v)
                .directory(dir.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        openssl(dir, "pkeyutl", "-sign", "-rawin", "-inkey", "op.key", "-in", "manifest-" + v, "-out", "sig-" + v);
    }

    @Test
    void installUpgradeConfirmRollbackWithASignedPayload() throws Exception {
        JsonNode installed = json(run(concat(concat(new String[] {"install", "--image", img.toString(), "--size", "256M",
            "--bootloader", "sd-boot", "--version", "1", "--seed", "t", "--trust-key", dir.resolve("op.pub").toString(),
            "--json"}, payloadArgs("1")))));
        assertThat(installed.at("/status/slots/0/state").asText()).isEqualTo("good");
        assertThat(installed.at("/status/next").asText()).isEqualTo("A");

        // Unsigned, with a trust key on the disk: refused, exit 4, not one byte changed.
        byte[] before = Files.readAllBytes(img);
        MainTest.Run refused = run(concat(new String[] {"upgrade", "--image", img.toString(), "--version", "2"}, payloadArgs("2")));
        assertThat(refused.code()).isEqualTo(4);
        assertThat(refused.err()).startsWith("bronze: ").contains("must be signed");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);

        // Signed with stock openssl: accepted.
        sign("2");
        JsonNode up = json(run(concat(new String[] {"upgrade", "--image", img.toString(), "--version", "2", "--tries", "2",
            "--signature", dir.resolve("sig-2").toString(), "--json"}, payloadArgs("2"))));
        assertThat(up.at("/next").asText()).isEqualTo("B");
        assertThat(up.at("/slots/1/state").asText()).isEqualTo("trial");
        assertThat(up.at("/slots/1/triesLeft").asInt()).isEqualTo(2);

        assertThat(json(run("confirm", "--image", img.toString(), "--json")).at("/slots/1/state").asText()).isEqualTo("good");
        assertThat(json(run("rollback", "--image", img.toString(), "--json")).at("/next").asText()).isEqualTo("A");
        JsonNode status = json(run("status", "--image", img.toString(), "--json"));
        assertThat(status.get("bootloader").asText()).isEqualTo("sd-boot");
        assertThat(status.get("slots")).hasSize(2);

        assertThat(run("meta", "set", "UserReserved1", "hello", "--image", img.toString()).code()).isZero();
        assertThat(run("meta", "get", "0x0c", "--image", img.toString()).out()).isEqualTo("hello");
        assertThat(run("meta", "get", "Upgrade", "--image", img.toString()).code()).isEqualTo(1);
        assertThat(json(run("meta", "list", "--image", img.toString(), "--json")).has("BronzeTrustKeyFingerprint")).isTrue();
    }

    @Test
    void aForgedSignatureIsRefusedAndAnInstallOverDataNeedsForce() throws Exception {
        assertThat(run(concat(new String[] {"install", "--image", img.toString(), "--size", "256M", "--bootloader", "grub",
            "--version", "1", "--trust-key", dir.resolve("op.pub").toString()}, payloadArgs("1"))).code()).isZero();
        sign("2");
        byte[] sig = Files.readAllBytes(dir.resolve("sig-2"));
        sig[10] ^= 1;
        Files.write(dir.resolve("sig-2"), sig);
        byte[] before = Files.readAllBytes(img);
        MainTest.Run r = run(concat(new String[] {"upgrade", "--image", img.toString(), "--version", "2",
            "--signature", dir.resolve("sig-2").toString()}, payloadArgs("2")));
        assertThat(r.code()).isEqualTo(4);
        assertThat(Files.readAllBytes(img)).isEqualTo(before);

        MainTest.Run again = run(concat(new String[] {"install", "--image", img.toString(), "--bootloader", "grub",
            "--version", "1"}, payloadArgs("1")));
        assertThat(again.code()).isEqualTo(4);
        assertThat(again.err()).contains("--force");
        assertThat(run("rollback", "--image", img.toString()).code()).as("B is empty: not known-good").isEqualTo(4);
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(run("status", "--image", "a.img", "--disk", "/dev/sda").code()).isEqualTo(2);
        // Neither --image nor --disk is the running node; a node without disks has no system disk.
        java.nio.file.Files.createDirectories(dir.resolve("empty-node/sys/class/block"));
        MainTest.Run none = run("status", "--root", dir.resolve("empty-node").toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).startsWith("bronze: no system disk found: ");
        assertThat(run("upgrade", "--image", "x", "--version", "1").code()).isIn(1, 2);
        assertThat(run("install", "--image", "x.img", "--bootloader", "lilo", "--version", "1", "--kernel", "a", "--initrd", "b").code())
                .isEqualTo(2);
    }

    @Test
    void installForArm64PutsSystemdBootAa64AtTheRemovablePath() throws Exception {
        dev.bronze.testing.qemu.HostTools.require("sfdisk", "mcopy");
        // Another architecture's systemd-boot (the e2e matrix fetches Debian's systemd-boot-efi:arm64).
        byte[] efi = ("MZ arm64 systemd-boot stand-in " + "x".repeat(4000)).getBytes(StandardCharsets.US_ASCII);
        Path aa64 = Files.write(dir.resolve("systemd-bootaa64.efi"), efi);
        json(run(concat(new String[] {"install", "--image", img.toString(), "--size", "256M", "--bootloader", "sd-boot",
            "--version", "1", "--arch", "arm64", "--systemd-boot", aa64.toString(), "--json"}, payloadArgs("1"))));
        // Read back by mtools at the ESP's offset that sfdisk reports: the pure-Java FAT as another reader sees it.
        JsonNode table = new ObjectMapper().readTree(dev.bronze.testing.qemu.HostCommand.run("sfdisk", "--json", img.toString()));
        long offset = table.at("/partitiontable/partitions/0/start").asLong() * 512;
        String at = img + "@@" + offset;
        Path copy = dir.resolve("BOOTAA64.EFI");
        dev.bronze.testing.qemu.HostCommand.run("mcopy", "-n", "-i", at, "::/EFI/BOOT/BOOTAA64.EFI", copy.toString());
        assertThat(Files.readAllBytes(copy)).isEqualTo(efi);
        assertThat(dev.bronze.testing.qemu.HostCommand.run("mdir", "-b", "-i", at, "::/EFI/BOOT")).doesNotContain("BOOTX64");

        MainTest.Run bad = run(concat(new String[] {"install", "--image", dir.resolve("b.img").toString(), "--size", "256M",
            "--bootloader", "sd-boot", "--version", "1", "--arch", "sparc64"}, payloadArgs("1")));
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--arch").contains("sparc64");
        MainTest.Run missing = run(concat(new String[] {"install", "--image", dir.resolve("c.img").toString(), "--size", "256M",
            "--bootloader", "sd-boot", "--version", "1", "--systemd-boot", dir.resolve("nope.efi").toString()}, payloadArgs("1")));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.efi");
    }
}
