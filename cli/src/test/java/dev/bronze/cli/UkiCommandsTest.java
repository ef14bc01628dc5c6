package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bronze.testing.Fixtures;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
