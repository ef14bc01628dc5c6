package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bronze.testing.DiskPeers;
import dev.bronze.testing.Fixtures;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The A/B commands without --image or --disk: the running node, here a fixture tree (--root) whose
 * {@code dev/vda} is an image that {@code bronze install} wrote and whose sysfs describes the
 * partitions sfdisk reads from it.
 */
class LiveCommandsTest {

    @TempDir
    Path dir;

    Path root;
    Path vda;

    static JsonNode json(MainTest.Run r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    String[] payload(String v) throws Exception {
        Path k = Files.write(dir.resolve("vmlinuz-" + v), ("kernel " + v).repeat(5000).getBytes());
        Path i = Files.write(dir.resolve("initrd-" + v), ("initrd " + v).repeat(7000).getBytes());
        return new String[] {"--kernel", k.toString(), "--initrd", i.toString()};
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    void write(String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** Installs onto root/dev/vda and lays out sysfs from what sfdisk (the real peer) reads in the image. */
    JsonNode node(String bootloader) throws Exception {
        root = dir.resolve("node");
        vda = root.resolve("dev/vda");
        Files.createDirectories(vda.getParent());
        json(MainTest.run(concat(new String[] {"install", "--image", vda.toString(), "--size", "256M", "--bootloader", bootloader,
            "--version", "1", "--seed", "live", "--json"}, payload("1"))));
        JsonNode table = new ObjectMapper().readTree(DiskPeers.run("sfdisk", "--json", vda.toString()).ok().out())
                .at("/partitiontable");
        String disk = "sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda";
        write(disk + "/dev", "254:0");
        write(disk + "/size", Long.toString(Files.size(vda) / 512));
        write(disk + "/queue/logical_block_size", "512");
        write(disk + "/uevent", "MAJOR=254\nMINOR=0\nDEVNAME=vda\nDEVTYPE=disk\n");
        Files.createDirectories(root.resolve("sys/class/block"));
        Files.createSymbolicLink(root.resolve("sys/class/block/vda"), Path.of("../../" + disk.substring(4)));
        int n = 0;
        for (JsonNode p : table.get("partitions")) {
            n++;
            String name = "vda" + n;
            write(disk + "/" + name + "/partition", Integer.toString(n));
            write(disk + "/" + name + "/start", p.get("start").asText());
            write(disk + "/" + name + "/size", p.get("size").asText());
            write(disk + "/" + name + "/dev", "254:" + n);
            write(disk + "/" + name + "/uevent", "MAJOR=254\nMINOR=" + n + "\nDEVNAME=" + name + "\nDEVTYPE=partition\nPARTN=" + n
                    + "\nPARTNAME=" + p.path("name").asText() + "\nPARTUUID=" + p.path("uuid").asText().toLowerCase() + "\n");
            Files.createSymbolicLink(root.resolve("sys/class/block/" + name), Path.of("../../" + disk.substring(4) + "/" + name));
            write("dev/" + name, "");
        }
        write("proc/self/mountinfo", "1 0 0:2 / / rw - rootfs rootfs rw\n");
        write("proc/cmdline", "console=ttyS0 bronze.slot=A\n");
        return table;
    }

    void loaderDevicePartUuid(String uuid) throws Exception {
        byte[] s = (uuid.toUpperCase() + "\0").getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer b = ByteBuffer.allocate(4 + s.length).order(ByteOrder.LITTLE_ENDIAN).putInt(6).put(s);
        Path p = root.resolve("sys/firmware/efi/efivars/LoaderDevicePartUUID-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f");
        Files.createDirectories(p.getParent());
        Files.write(p, b.array());
    }

    /** An efivarfs file: the attribute word (NV|BS|RT), then the value. */
    void efivar(String name, byte[] value) throws Exception {
        Path p = root.resolve("sys/firmware/efi/efivars/" + name);
        Files.createDirectories(p.getParent());
        Files.write(p, ByteBuffer.allocate(4 + value.length).order(ByteOrder.LITTLE_ENDIAN).putInt(7).put(value).array());
    }

    @Test
    void aNodeEnforcingSecureBootRefusesAnUpgradeItsFirmwareWouldNotStart() throws Exception {
        HostTools.require("openssl", "cert-to-efi-sig-list", "objcopy");
        JsonNode table = node("sd-boot");
        loaderDevicePartUuid(table.at("/partitions/0/uuid").asText());
        String r = root.toString();
        Path cert = dir.resolve("db.pem");
        HostCommand.run("openssl", "req", "-new", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=node db",
                "-keyout", dir.resolve("db.key").toString(), "-out", cert.toString());
        Path esl = dir.resolve("db.esl");
        HostCommand.run("cert-to-efi-sig-list", cert.toString(), esl.toString());
        String global = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
        efivar("SecureBoot-" + global, new byte[] {1});
        efivar("SetupMode-" + global, new byte[] {0});
        efivar("db-d719b2cb-3d3a-4596-a3bc-dad00e67656f", Files.readAllBytes(esl));
        Path k = Files.writeString(dir.resolve("k2"), "kernel 2");
        Path uki = dir.resolve("bronze-2.efi");
        HostCommand.run(Fixtures.repoRoot().resolve("src/e2e/build-uki").toString(), "-o", uki.toString(), "--linux", k.toString(),
                "--initrd", k.toString(), "--version", "2", "--cmdline", "console=ttyS0 panic=10");
        byte[] before = Files.readAllBytes(vda);

        MainTest.Run refused = MainTest.run("upgrade", "--root", r, "--uki", uki.toString());
        assertThat(refused.code()).as(refused.err()).isEqualTo(4);
        assertThat(refused.err()).contains("Secure Boot is enforced (the firmware's db and dbx)").contains("bronze-2.efi")
                .contains("not signed").doesNotContain("Exception");
        assertThat(Files.readAllBytes(vda)).as("nothing written").isEqualTo(before);

        // In setup mode the firmware starts anything: so does Bronze.
        efivar("SetupMode-" + global, new byte[] {1});
        MainTest.Run ok = MainTest.run("upgrade", "--root", r, "--uki", uki.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
    }

    @Test
    void bootCheckOnTheRunningNodeLeavesMetasMirrorAgreeingWithTheBootloader() throws Exception {
        JsonNode table = node("sd-boot");
        loaderDevicePartUuid(table.at("/partitions/0/uuid").asText());
        String r = root.toString();
        json(MainTest.run(concat(new String[] {"upgrade", "--root", r, "--version", "2", "--tries", "2", "--json"}, payload("2"))));
        assertThat(MainTest.run("meta", "get", "Upgrade", "--image", vda.toString()).out()).isEqualTo("A");

        // The trial boot: init runs boot-check (no /dev/watchdog in this tree), whose check passes.
        write("proc/cmdline", "console=ttyS0 bronze.slot=B\n");
        JsonNode bc = json(MainTest.run("boot-check", "--root", r, "--check", "true", "--json"));
        assertThat(bc.at("/outcome").asText()).isEqualTo("confirmed");
        assertThat(bc.at("/slot").asText()).isEqualTo("B");

        // What the bootloader says and what META's mirror says are the same, read back from the disk.
        JsonNode st = json(MainTest.run("status", "--image", vda.toString(), "--json"));
        assertThat(st.at("/slots/1/state").asText()).isEqualTo("good");
        JsonNode mirror = new ObjectMapper().readTree(MainTest.run("meta", "get", "BronzeSlots", "--image", vda.toString()).out());
        assertThat(mirror.toString()).as(mirror.toPrettyString()).contains("\"state\":\"good\"").doesNotContain("trial");
        assertThat(MainTest.run("meta", "get", "Upgrade", "--image", vda.toString()).out()).isEmpty();
    }

    @Test
    void theRunningNodeIsTheDefaultTarget() throws Exception {
        JsonNode table = node("sd-boot");
        loaderDevicePartUuid(table.at("/partitions/0/uuid").asText());
        String r = root.toString();

        JsonNode st = json(MainTest.run("status", "--root", r, "--json"));
        assertThat(st.at("/booted").asText()).isEqualTo("A");
        assertThat(st.at("/slots/0/version").asText()).isEqualTo("1");

        JsonNode up = json(MainTest.run(concat(new String[] {"upgrade", "--root", r, "--version", "2", "--tries", "2", "--json"},
                payload("2"))));
        assertThat(up.at("/slots/1/state").asText()).isEqualTo("trial");
        assertThat(up.at("/next").asText()).isEqualTo("B");
        assertThat(MainTest.run("meta", "set", "UserReserved1", "live", "--root", r).code()).isZero();
        // The private mount directory is gone again.
        try (var l = Files.list(root.resolve("run/bronze"))) {
            assertThat(l.toList()).isEmpty();
        }

        // The same state read from the image itself: written on the disk, not only in the mount.
        JsonNode img = json(MainTest.run("status", "--image", vda.toString(), "--json"));
        assertThat(img.at("/slots/1/state").asText()).isEqualTo("trial");
        assertThat(img.at("/slots/1/version").asText()).isEqualTo("2");
        assertThat(MainTest.run("meta", "get", "UserReserved1", "--image", vda.toString()).out()).isEqualTo("live");
        long start = table.at("/partitions/0/start").asLong() * 512;
        assertThat(DiskPeers.run("mdir", "-b", "-i", vda + "@@" + start, "::/loader/entries").ok().out())
                .contains("bronze-00002-b+2-0.conf");

        // META mounted (whatever for): the live path refuses to write it, and still reads.
        write("proc/self/mountinfo", "1 0 0:2 / / rw - rootfs rootfs rw\n30 1 254:2 / /mnt rw - ext2 /dev/vda2 rw\n");
        MainTest.Run refused = MainTest.run("confirm", "--root", r);
        assertThat(refused.code()).isEqualTo(4);
        assertThat(refused.err()).contains("/dev/vda2 is mounted on /mnt: refusing to write the META partition");
        assertThat(MainTest.run("meta", "get", "UserReserved1", "--root", r).out()).isEqualTo("live");
    }

    @Test
    void aReadOnlyEspMountIsRefusedWithExitFour() throws Exception {
        node("grub");
        Files.createDirectories(root.resolve("efi"));
        write("proc/self/mountinfo", "1 0 0:2 / / rw - rootfs rootfs rw\n40 1 254:1 / /efi ro,nosuid - vfat /dev/vda1 ro\n");
        MainTest.Run r = MainTest.run("rollback", "--root", root.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("of /dev/vda is mounted read-only on /efi");
    }
}
