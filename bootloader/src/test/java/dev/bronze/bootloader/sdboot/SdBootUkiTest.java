package dev.bronze.bootloader.sdboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.bootloader.ab.AbController;
import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Payloads;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotInfo;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.esp.DirectoryEsp;
import dev.bronze.bootloader.uki.TestUkis;
import dev.bronze.hardware.ExitCode;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UKIs as Boot Loader Specification Type #2 entries, checked against systemd's bootctl. */
class SdBootUkiTest {

    @TempDir
    Path dir;

    Path espDir;
    DirectoryEsp esp;

    @BeforeEach
    void esp() throws Exception {
        espDir = Files.createDirectories(dir.resolve("esp"));
        esp = new DirectoryEsp(espDir);
    }

    AbController controller(Optional<Slot> booted) {
        return new AbController(new SdBootBackend(esp, SdBootBackendTest.SD_BOOT, "x64", 0), booted);
    }

    BootPayload uki(String version) throws Exception {
        return TestUkis.uki(dir, version, "console=ttyS0 panic=5");
    }

    List<String> bronzeFiles() throws Exception {
        try (Stream<Path> s = Files.walk(espDir)) {
            return s.filter(Files::isRegularFile).map(p -> espDir.relativize(p).toString())
                    .filter(p -> p.contains("bronze")).sorted().toList();
        }
    }

    String defaultGlob() throws Exception {
        return Files.readAllLines(espDir.resolve("loader/loader.conf")).stream().filter(l -> l.startsWith("default "))
                .map(l -> l.substring(8)).findFirst().orElse(null);
    }

    /**
     * What systemd-boot 252 starts: bootctl's order (systemd's own sort: bad last, sort-key, version,
     * id), then loader.conf's glob matched against the ids as sd-boot 252 forms them, counter included
     * (bootctl strips it, like sd-boot from 258: there {@link Bootctl.Listed#isDefault()} is the answer).
     */
    Slot sdBoot252(List<Bootctl.Listed> listed) throws Exception {
        String glob = defaultGlob();
        if (glob != null) {
            var m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            for (Bootctl.Listed l : listed) {
                if (m.matches(Path.of(l.source()).getFileName())) {
                    return l.slot();
                }
            }
        }
        return listed.stream().filter(l -> l.triesLeft() == null || l.triesLeft() > 0).findFirst().orElse(listed.get(0)).slot();
    }

    /** systemd-boot starting the trial: +L-D becomes +(L-1)-(D+1), on whichever type it is. */
    void firmwareBoots(Slot slot) throws Exception {
        EntryName n = SdBootBackend.forState(esp).entries().get(slot).name();
        EntryName.Counter c = n.counter().orElseThrow();
        esp.rename(n.path(), n.withCounter(Optional.of(new EntryName.Counter(Math.max(0, c.left() - 1), c.done() + 1))).path());
    }

    @Test
    @Tag("root")
    void ukiLifecycleAndAChangeOfKindAgreeWithBootctl() throws Exception {
        controller(Optional.empty()).install(uki("1"), null, "");
        assertThat(bronzeFiles()).containsExactly("EFI/Linux/bronze-00001-a.efi");
        List<Bootctl.Listed> l = Bootctl.list(espDir, dir);
        assertThat(l).singleElement().satisfies(e -> {
            assertThat(e.type()).contains("Type #2");
            assertThat(e.version()).isEqualTo("1");
            assertThat(e.options()).isEqualTo("console=ttyS0 panic=5");
            assertThat(e.isDefault()).isTrue();
        });
        AbStatus s = controller(Optional.empty()).status();
        assertThat(s.state().slot(Slot.A)).isEqualTo(new SlotInfo(Slot.A, "1", SlotState.GOOD, 0, SlotInfo.PayloadKind.UKI,
                List.of("console=ttyS0", "panic=5")));

        // Upgrade to 2 in B: a trial counting down in the UKI's own file name.
        controller(Optional.of(Slot.A)).upgrade(uki("2"), "2", null, 3);
        assertThat(bronzeFiles()).containsExactly("EFI/Linux/bronze-00001-a.efi", "EFI/Linux/bronze-00002-b+3-0.efi");
        l = Bootctl.list(espDir, dir);
        assertThat(l).filteredOn(e -> e.slot() == Slot.B).singleElement().satisfies(e -> {
            assertThat(e.version()).isEqualTo("2");
            assertThat(e.triesLeft()).isEqualTo(3);
            assertThat(e.triesDone()).isZero();
        });
        assertThat(sdBoot252(l)).isEqualTo(Slot.B);
        assertThat(l.stream().filter(Bootctl.Listed::isDefault).findFirst().orElseThrow().slot()).isEqualTo(Slot.B);
        firmwareBoots(Slot.B);
        assertThat(controller(Optional.empty()).status().booted()).isEqualTo(Slot.B);
        controller(Optional.of(Slot.B)).confirm();
        assertThat(bronzeFiles()).containsExactly("EFI/Linux/bronze-00001-a.efi", "EFI/Linux/bronze-00002-b.efi");

        // Roll back to 1: sd-boot alone would order version 2 first; the default glob names A.
        controller(Optional.of(Slot.B)).rollback();
        assertThat(bronzeFiles()).containsExactly("EFI/Linux/bronze-00002-b.efi", "EFI/Linux/bronze-00003-a.efi");
        assertThat(defaultGlob()).isEqualTo("bronze-00003-a.*");
        l = Bootctl.list(espDir, dir);
        assertThat(l.stream().filter(Bootctl.Listed::isDefault).findFirst().orElseThrow().slot()).isEqualTo(Slot.A);
        assertThat(sdBoot252(l)).isEqualTo(Slot.A);
        assertThat(controller(Optional.empty()).status().next()).isEqualTo(Slot.A);

        // Running 1 from A, B changes kind: a Type #1 kernel trial replaces the UKI.
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "3"), "3", "console=ttyS0", 2);
        assertThat(bronzeFiles()).containsExactly("EFI/Linux/bronze-00003-a.efi", "bronze/B/initrd", "bronze/B/vmlinuz",
                "loader/entries/bronze-00004-b+2-0.conf");
        assertThat(defaultGlob()).isEqualTo("bronze-00004-b+[1-9]-*");
        l = Bootctl.list(espDir, dir);
        assertThat(sdBoot252(l)).isEqualTo(Slot.B);
        s = controller(Optional.empty()).status();
        assertThat(s.state().slot(Slot.B).payload()).isEqualTo(SlotInfo.PayloadKind.KERNEL);
        assertThat(s.state().slot(Slot.B).cmdline()).contains("bronze.slot=B");
        assertThat(s.next()).isEqualTo(Slot.B);
        // It panics twice: sd-boot counts it to +0, the glob stops matching, the UKI in A boots again.
        firmwareBoots(Slot.B);
        firmwareBoots(Slot.B);
        l = Bootctl.list(espDir, dir);
        assertThat(sdBoot252(l)).isEqualTo(Slot.A);
        assertThat(l.stream().filter(Bootctl.Listed::isDefault).findFirst().orElseThrow().slot()).isEqualTo(Slot.A);
        s = controller(Optional.empty()).status();
        assertThat(s.state().slot(Slot.B).state()).isEqualTo(SlotState.BAD);
        assertThat(s.next()).isEqualTo(Slot.A);

        // And back: a UKI trial over the bad Type #1 slot, then rejected.
        controller(Optional.of(Slot.A)).upgrade(uki("4"), null, null, 3);
        assertThat(bronzeFiles()).containsExactly("EFI/Linux/bronze-00003-a.efi", "EFI/Linux/bronze-00005-b+3-0.efi");
        controller(Optional.of(Slot.B)).reject();
        assertThat(bronzeFiles()).containsExactly("EFI/Linux/bronze-00003-a.efi", "EFI/Linux/bronze-00005-b+0-0.efi");
        assertThat(defaultGlob()).isEqualTo("bronze-00003-a.*");
        assertThat(sdBoot252(Bootctl.list(espDir, dir))).isEqualTo(Slot.A);
    }

    @Test
    void typeOneOnlyDisksKeepNoDefault() throws Exception {
        controller(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "");
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "", 3);
        assertThat(defaultGlob()).isNull();
        controller(Optional.empty()).install(uki("1"), "1", "");
        assertThat(defaultGlob()).isEqualTo("bronze-00001-a.*");
        // Replacing the only UKI slot with a kernel drops the glob once no Type #2 entry remains.
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "", 3);
        controller(Optional.of(Slot.B)).confirm();
        controller(Optional.of(Slot.B)).upgrade(Payloads.kernel(dir, "3"), "3", "", 3);
        assertThat(bronzeFiles()).noneMatch(f -> f.startsWith("EFI/Linux/bronze-"));
        assertThat(defaultGlob()).isNull();
    }

    @Test
    void theUkiDecidesVersionAndCommandLine() throws Exception {
        assertThatThrownBy(() -> controller(Optional.empty()).install(uki("1"), "2", ""))
                .isInstanceOfSatisfying(BootloaderException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("--version 2 disagrees with the UKI's own version '1'");
        assertThatThrownBy(() -> controller(Optional.empty()).install(uki("1"), null, "quiet"))
                .hasMessageContaining("carries its own kernel command line (.cmdline: 'console=ttyS0 panic=5')");
        Path linux = Files.writeString(dir.resolve("k"), "k");
        Path osrel = Files.writeString(dir.resolve("osrel"), "ID=x\nIMAGE_VERSION=1+2\n");
        Path plus = TestUkis.build(dir.resolve("plus.efi"), linux, linux, null, List.of("--os-release", osrel.toString()));
        assertThatThrownBy(() -> controller(Optional.empty()).install(new BootPayload.Uki(plus), null, ""))
                .hasMessageContaining("'1+2' (from .osrel) contains '+'");
        Files.writeString(osrel, "ID=x\nNAME=X\n");
        Path none = TestUkis.build(dir.resolve("none.efi"), linux, linux, null, List.of("--os-release", osrel.toString()));
        assertThatThrownBy(() -> controller(Optional.empty()).install(new BootPayload.Uki(none), null, ""))
                .hasMessageContaining("neither IMAGE_VERSION nor VERSION_ID");
        assertThatThrownBy(() -> controller(Optional.empty()).install(new BootPayload.Uki(linux), null, ""))
                .isInstanceOf(BootloaderException.class).hasMessageContaining("too small for a PE/COFF image");
        assertThat(bronzeFiles()).isEmpty();
    }
}
