package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.testing.Fixtures;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install/upgrade --uki as a user runs them: the version comes from the UKI, its command line is its own. */
class UkiCommandsTest {

    @TempDir
    Path dir;

    Path uki(String version) throws Exception {
        HostTools.require("objcopy", "objdump");
        Path k = Files.writeString(dir.resolve("k" + version), "kernel " + version);
        Path out = dir.resolve("bronze-" + version + ".efi");
        HostCommand.run(Fixtures.repoRoot().resolve("src/e2e/build-uki").toString(), "-o", out.toString(), "--linux", k.toString(),
                "--initrd", k.toString(), "--version", version, "--cmdline", "console=ttyS0" + (version.equals("2") ? "" : " panic=10"));
        return out;
    }

    @Test
    void ukiInstallAndUpgradeTakeTheVersionFromTheUki() throws Exception {
        Path img = dir.resolve("disk.img");
        JsonNode st = AbCommandsTest.json(MainTest.run("install", "--image", img.toString(), "--size", "256M", "--bootloader", "sd-boot",
                "--uki", uki("1").toString(), "--seed", "u", "--json"));
        assertThat(st.at("/status/slots/0/version").asText()).isEqualTo("1");
        assertThat(st.at("/status/slots/0/state").asText()).isEqualTo("good");

        MainTest.Run r = MainTest.run("upgrade", "--image", img.toString(), "--uki", uki("2").toString(), "--version", "3");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--version 3 disagrees with the UKI's own version '2'");
        r = MainTest.run("upgrade", "--image", img.toString(), "--uki", uki("2").toString(), "--cmdline", "quiet");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("carries its own kernel command line");

        r = MainTest.run("upgrade", "--image", img.toString(), "--uki", uki("2").toString(), "--tries", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("has no panic=");
        st = AbCommandsTest.json(MainTest.run("status", "--image", img.toString(), "--json"));
        assertThat(st.at("/slots/1/version").asText()).isEqualTo("2");
        assertThat(st.at("/slots/1/state").asText()).isEqualTo("trial");
        assertThat(st.at("/slots/1/triesLeft").asInt()).isEqualTo(2);
        assertThat(st.at("/next").asText()).isEqualTo("B");

        Files.writeString(dir.resolve("not.efi"), "MZ but nothing else, and longer than sixty-four bytes to pass the size check....");
        r = MainTest.run("upgrade", "--image", img.toString(), "--uki", dir.resolve("not.efi").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("bronze: UKI ").doesNotContain("Exception");
    }
    /** A self-signed certificate and its key, made by openssl; its db as efitools' cert-to-efi-sig-list writes it. */
    record Signer(Path key, Path cert, Path db) {
        Path sign(Path in, Path out) throws Exception {
            HostCommand.run("sbsign", "--key", key.toString(), "--cert", cert.toString(), "--output", out.toString(), in.toString());
            return out;
        }
    }

    Signer signer(String name) throws Exception {
        HostTools.require("openssl", "sbsign", "cert-to-efi-sig-list");
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".pem");
        HostCommand.run("openssl", "req", "-new", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=" + name,
                "-keyout", key.toString(), "-out", cert.toString());
        Path db = dir.resolve(name + ".esl");
        HostCommand.run("cert-to-efi-sig-list", cert.toString(), db.toString());
        return new Signer(key, cert, db);
    }

    @Test
    void secureBootDatabasesRefuseWhatTheFirmwareWouldNotStart() throws Exception {
        Signer vendor = signer("vendor");
        Signer other = signer("other");
        Path sdBoot = vendor.sign(Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi"), dir.resolve("systemd-bootx64.efi"));
        Path signed1 = vendor.sign(uki("1"), dir.resolve("signed-1.efi"));
        Path img = dir.resolve("disk.img");
        String db = vendor.db().toString();

        // An unsigned systemd-boot (Debian's own binary is not signed by this db): no image is even created.
        MainTest.Run r = MainTest.run("install", "--image", img.toString(), "--size", "256M", "--bootloader", "sd-boot",
                "--uki", signed1.toString(), "--secure-boot-db", db, "--seed", "sb");
        assertThat(r.code()).as(r.err()).isEqualTo(4);
        assertThat(r.err()).contains("Secure Boot").contains("systemd-boot").doesNotContain("Exception");
        assertThat(img).doesNotExist();
        // GRUB as Bronze builds it cannot pass Secure Boot at all.
        Path k = Files.writeString(dir.resolve("vmlinuz"), "kernel");
        r = MainTest.run("install", "--image", img.toString(), "--size", "256M", "--bootloader", "grub",
                "--kernel", k.toString(), "--initrd", k.toString(), "--secure-boot-db", db, "--seed", "sb");
        assertThat(r.code()).as(r.err()).isEqualTo(4);
        assertThat(r.err()).contains("GRUB").contains("shim");
        assertThat(img).doesNotExist();

        r = MainTest.run("install", "--image", img.toString(), "--size", "256M", "--bootloader", "sd-boot", "--systemd-boot",
                sdBoot.toString(), "--uki", signed1.toString(), "--secure-boot-db", db, "--seed", "sb");
        assertThat(r.code()).as(r.err()).isZero();

        byte[] before = Files.readAllBytes(img);
        for (Path bad : List.of(uki("2"), other.sign(uki("2"), dir.resolve("other-2.efi")))) {
            r = MainTest.run("upgrade", "--image", img.toString(), "--uki", bad.toString(), "--secure-boot-db", db);
            assertThat(r.code()).as(r.err()).isEqualTo(4);
            assertThat(r.err()).contains("Secure Boot").contains(bad.getFileName().toString()).contains("nothing was written");
        }
        assertThat(Files.readAllBytes(img)).as("refused upgrades write nothing").isEqualTo(before);
        // The signer revoked in dbx wins over db.
        r = MainTest.run("upgrade", "--image", img.toString(), "--uki", vendor.sign(uki("2"), dir.resolve("signed-2.efi")).toString(),
                "--secure-boot-db", db, "--secure-boot-dbx", db);
        assertThat(r.code()).as(r.err()).isEqualTo(4);

        r = MainTest.run("upgrade", "--image", img.toString(), "--uki", dir.resolve("signed-2.efi").toString(), "--secure-boot-db", db);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(MainTest.run("upgrade", "--image", img.toString(), "--uki", signed1.toString(), "--secure-boot-dbx", db).code())
                .isEqualTo(2);
    }
}
