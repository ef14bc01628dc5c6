package dev.bronze.hardware.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.testing.qemu.E2eToolkit;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** guest-run's command line, without booting anything (--print-command). */
class GuestRunScriptTest {

    @TempDir
    Path dir;
    Path kernel;
    Path disk;

    @BeforeEach
    void files() throws IOException {
        HostTools.require("qemu-system-x86_64");
        kernel = Files.write(dir.resolve("vmlinuz"), new byte[] {1});
        disk = Files.write(dir.resolve("d.img"), new byte[512]);
    }

    private String command(String... args) throws IOException {
        List<String> c = new ArrayList<>(List.of(E2eToolkit.fromRepository().script("guest-run").toString(),
                "--kernel", kernel.toString(), "--accel", "tcg", "--print-command"));
        c.addAll(List.of(args));
        // The command is printed shell-quoted (printf %q) for a person to paste; unquote it.
        return HostCommand.run(c).replace("\\", "");
    }

    @Test
    void aDirectBootGetsASerialConsoleAndNothingBesidesWhatWasAsked() throws IOException {
        String cmd = command();
        assertThat(cmd).contains("-nodefaults", "-kernel", "console=ttyS0", "panic=1", "-accel tcg", "-cpu max");
        // -nodefaults: no NIC QEMU would add on its own, no VGA.
        assertThat(cmd).doesNotContain("-netdev", "-nic ", "i6300esb", "-no-reboot");
    }

    @Test
    void disksGoOnTheBusAndSectorSizeAsked() throws IOException {
        String cmd = command("--disk", disk + ",bus=virtio,sector=4096,serial=ABC", "--disk", disk + ",bus=nvme",
                "--disk", disk + ",bus=ahci,ro", "--cdrom", disk.toString());
        assertThat(cmd).contains("virtio-blk-pci,drive=disk0,bootindex=1,serial=ABC,logical_block_size=4096");
        assertThat(cmd).contains("nvme,drive=disk1");
        assertThat(cmd).contains("ide-hd,drive=disk2,bus=ide.0").contains("readonly=on");
        assertThat(cmd).contains("media=cdrom").contains("ide-cd,drive=cd3,bus=ide.1");
    }

    @Test
    void userNetworkingIsRestrictedAndListensOnlyOnLoopback() throws IOException {
        String cmd = command("--nic", "user,net=168.0.0.0/7,hostfwd=tcp:127.0.0.1:2222-:22");
        assertThat(cmd).contains("user,id=net0,net=168.0.0.0/7,hostfwd=tcp:127.0.0.1:2222-:22,restrict=on");
        assertThatThrownBy(() -> command("--nic", "user,hostfwd=tcp::2222-:22")).hasMessageContaining("127.0.0.0/8");
        assertThatThrownBy(() -> command("--nic", "user,hostfwd=tcp:0.0.0.0:2222-:22")).hasMessageContaining("exited 2");
        assertThatThrownBy(() -> command("--nic", "tap,ifname=tap0")).hasMessageContaining("only user-mode");
    }

    @Test
    void watchdogSmbiosAndResetPolicyArePassedThrough() throws IOException {
        String cmd = command("--watchdog-action", "poweroff", "--no-reboot", "--smbios",
                "type=1,manufacturer=Amazon EC2,product=t3.micro");
        assertThat(cmd).contains("-device i6300esb", "-action watchdog=poweroff", "-no-reboot");
        assertThat(cmd).contains("-smbios type=1,manufacturer=Amazon EC2,product=t3.micro");
    }

    @Test
    void uefiUsesAWritableCopyOfTheVariables() throws IOException {
        Path vars = dir.resolve("vars.fd");
        String cmd = command("--firmware", "uefi", "--ovmf-vars", vars.toString());
        assertThat(cmd).contains("if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE");
        assertThat(cmd).contains("unit=1,file=" + vars);
        assertThat(vars).exists();
    }

    @Test
    void badArgumentsAreUsageErrorsThatSayWhatWasWrong() {
        assertThatThrownBy(() -> command("--disk", disk + ",bus=floppy")).hasMessageContaining("exited 2")
                .hasMessageContaining("floppy");
        assertThatThrownBy(() -> command("--disk", dir.resolve("missing.img").toString()))
                .hasMessageContaining("disk image not found");
        assertThatThrownBy(() -> command("--timeout", "soon")).hasMessageContaining("--timeout");
        assertThatThrownBy(() -> command("--fw-cfg", "etc/x=" + disk)).hasMessageContaining("opt/");
        assertThatThrownBy(() -> QemuGuest.Disk.virtio(disk).sectorSize(1024)).isInstanceOf(IllegalArgumentException.class);
    }
}
