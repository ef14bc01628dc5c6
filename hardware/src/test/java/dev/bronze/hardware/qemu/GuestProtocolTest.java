package dev.bronze.hardware.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.testing.qemu.GuestLine;
import dev.bronze.testing.qemu.GuestProtocol;
import dev.bronze.testing.qemu.GuestRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestProtocolTest {

    /** A console as a TCG guest writes it: firmware escapes, CRLF, kernel text on the same line. */
    private static final String LOG = "\u001b[2J\u001b[01;01HBdsDxe: loading Boot0001\r\n"
            + "[    1.234567] virtio_blk virtio1: [vda] 131072 512-byte logical blocks\r\n"
            + "\r\nBRONZE-BOOT kver=6.1.0-56-amd64 arch=x86_64 firmware=uefi boot_id=abc cmdline=console%3DttyS0%20quiet\r\n"
            + "[    2.000001] random: crng init done\r\nBRONZE-CHECK gpt.partitions pass vda1 vda2\r\n"
            + "[    2.1] sd 0:0:0:0: Attached SCSI disk BRONZE-CHECK rereadpt fail exit 1: vdb1 missing\r\n"
            + "BRONZE-RESULT sha256.EFI/BOOT/BOOTX64.EFI=ab12 label=cidata%20x%25y%3Dz bad%zz=%4\r\n"
            + "BRONZE-LOG modules that did not load: efivarfs.ko\r\n"
            + "BRONZE-CHECK broken maybe\r\nBRONZE-NOPE x=1\r\nBRONZE-DONE status=pass checks=2 failed=1\r\n"
            + "[    3.0] reboot: Power down\r\n";

    @Test
    void readsEveryKindOfLineOutOfANoisyConsole() {
        List<GuestLine> lines = GuestProtocol.parse(LOG.getBytes(StandardCharsets.UTF_8));

        assertThat(lines).hasSize(6);
        GuestLine.Boot boot = (GuestLine.Boot) lines.get(0);
        assertThat(boot.firmware()).isEqualTo("uefi");
        assertThat(boot.field("kver")).contains("6.1.0-56-amd64");
        assertThat(boot.field("cmdline")).contains("console=ttyS0 quiet");
        assertThat(lines.get(1)).isEqualTo(new GuestLine.Check("gpt.partitions", true, "vda1 vda2"));
        // Kernel text before the marker on the same console line does not hide the check.
        assertThat(lines.get(2)).isEqualTo(new GuestLine.Check("rereadpt", false, "exit 1: vdb1 missing"));
        GuestLine.Result r = (GuestLine.Result) lines.get(3);
        assertThat(r.values()).containsEntry("sha256.EFI/BOOT/BOOTX64.EFI", "ab12")
                .containsEntry("label", "cidata x%y=z")
                // Malformed escapes are kept as they came rather than guessed at.
                .containsEntry("bad%zz", "%4");
        assertThat(lines.get(4)).isEqualTo(new GuestLine.Log("modules that did not load: efivarfs.ko"));
        GuestLine.Done done = (GuestLine.Done) lines.get(5);
        assertThat(done.passed()).isTrue();
        assertThat(done.fields()).containsEntry("failed", "1");
    }

    @Test
    void aRunWithAFailedCheckSaysWhich() {
        GuestRun run = new GuestRun(1, GuestProtocol.parse(LOG), Path.of("serial.log"), "GUEST-RUN status=fail", "",
                Duration.ofSeconds(9));
        assertThat(run.boots()).hasSize(1);
        assertThat(run.failedChecks()).extracting(GuestLine.Check::name).containsExactly("rereadpt");
        assertThat(run.check("gpt.partitions")).get().extracting(GuestLine.Check::passed).isEqualTo(true);
        assertThat(run.result("label")).contains("cidata x%y=z");
        assertThat(run.done()).isPresent();
        assertThat(run.passed()).isFalse();
        assertThat(run.describe()).contains("failed check rereadpt: exit 1: vdb1 missing").contains("unreadable");
    }

    @Test
    void aGuestThatDiedMidLineLeavesNoDone() {
        List<GuestLine> lines = GuestProtocol.parse("BRONZE-BOOT kver=x\nBRONZE-CHECK a pass\nBRONZE-DO");
        assertThat(lines).hasSize(2);
        assertThat(lines).noneMatch(GuestLine.Done.class::isInstance);
    }

    @Test
    void aDoneWithoutAValidStatusIsNotADone() {
        assertThat(GuestProtocol.parse("BRONZE-DONE checks=1\nBRONZE-DONE status=maybe\nBRONZE-DONE")).isEmpty();
    }

    @Test
    void invalidUtf8AndHugeLinesStayBounded() {
        byte[] junk = new byte[200_000];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i % 7 == 0 ? 0xC3 : 'B');
        }
        String big = "BRONZE-LOG " + "x".repeat(100_000) + "\nBRONZE-DONE status=fail\n";
        assertThat(GuestProtocol.parse(junk)).isEmpty();
        List<GuestLine> lines = GuestProtocol.parse(big);
        assertThat(((GuestLine.Log) lines.get(0)).text().length()).isLessThanOrEqualTo(16 * 1024);
        assertThat(lines.get(1)).isEqualTo(new GuestLine.Done(false, java.util.Map.of("status", "fail")));
    }

    @Test
    void aFloodOfLinesIsCapped() {
        String flood = "BRONZE-LOG spam\n".repeat(50_000);
        assertThat(GuestProtocol.parse(flood)).hasSize(10_000);
    }
}
