package dev.bronze.bootloader.sdboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.bootloader.ab.AbController;
import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.Payloads;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.esp.DirectoryEsp;
import dev.bronze.hardware.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdBootBackendTest {

    static final Path SD_BOOT = Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi");

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
        return new AbController(new SdBootBackend(esp, SD_BOOT, "x64", 0), booted);
    }

    /** What systemd-boot would boot by default, per bootctl. */
    Slot bootctlDefault() throws Exception {
        List<Bootctl.Listed> l = Bootctl.list(espDir, dir);
        return l.stream().filter(Bootctl.Listed::isDefault).map(e -> Slot.parse(e.title().replaceAll(".*slot (.)\\)", "$1")))
                .findFirst().orElseThrow();
    }

    /** Simulates systemd-boot starting the first entry: renames +L-D to +(L-1)-(D+1). */
    void firmwareBoot() throws Exception {
        SdBootBackend b = SdBootBackend.forState(esp);
        var entries = b.entries();
        var first = entries.values().stream().filter(f -> !f.name().isBad())
                .max((x, y) -> Long.compare(x.name().generation(), y.name().generation())).orElseThrow();
        first.name().counter().ifPresent(c -> {
            try {
                esp.rename(SdBootBackend.ENTRIES + "/" + first.name().fileName(), SdBootBackend.ENTRIES + "/"
                        + first.name().withCounter(Optional.of(new EntryName.Counter(Math.max(0, c.left() - 1), c.done() + 1))).fileName());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    @Tag("root")
    void theWholeLifecycleAgreesWithBootctl() throws Exception {
        controller(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "console=ttyS0");
        assertThat(Files.exists(espDir.resolve("EFI/BOOT/BOOTX64.EFI"))).isTrue();
        assertThat(Files.readString(espDir.resolve("loader/loader.conf"))).doesNotContain("default");
        AbStatus s = controller(Optional.empty()).status();
        assertThat(s.next()).isEqualTo(Slot.A);
        assertThat(s.state().slot(Slot.A).state()).isEqualTo(SlotState.GOOD);
        assertThat(s.state().slot(Slot.B).state()).isEqualTo(SlotState.EMPTY);
        assertThat(bootctlDefault()).isEqualTo(Slot.A);

        // Running on A, upgrade to 2: B becomes a trial with 3 tries and boots next.
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "console=ttyS0", 3);
        s = controller(Optional.empty()).status();
        assertThat(s.next()).isEqualTo(Slot.B);
        assertThat(s.state().slot(Slot.B).triesLeft()).isEqualTo(3);
        assertThat(bootctlDefault()).isEqualTo(Slot.B);
        List<Bootctl.Listed> listed = Bootctl.list(espDir, dir);
        assertThat(listed).anySatisfy(e -> {
            assertThat(e.title()).isEqualTo("Bronze 2 (slot B)");
            assertThat(e.triesLeft()).isEqualTo(3);
            assertThat(e.triesDone()).isZero();
        });
        assertThat(Files.readString(espDir.resolve("bronze/B/vmlinuz"))).isEqualTo("kernel 2\n");

        // The firmware tries B once; the node confirms from B.
        firmwareBoot();
        assertThat(controller(Optional.empty()).status().booted()).isEqualTo(Slot.B);
        controller(Optional.of(Slot.B)).confirm();
        s = controller(Optional.empty()).status();
        assertThat(s.state().slot(Slot.B).state()).isEqualTo(SlotState.GOOD);
        assertThat(s.next()).isEqualTo(Slot.B);
        assertThat(bootctlDefault()).isEqualTo(Slot.B);

        // Roll back to A: a rename that raises A's generation.
        controller(Optional.of(Slot.B)).rollback();
        assertThat(controller(Optional.empty()).status().next()).isEqualTo(Slot.A);
        assertThat(bootctlDefault()).isEqualTo(Slot.A);

        // Running A again, upgrade to a broken 3 in B: each boot counts down, then A comes back by itself.
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "3"), "3", "", 2);
        assertThat(bootctlDefault()).isEqualTo(Slot.B);
        firmwareBoot();
        assertThat(bootctlDefault()).isEqualTo(Slot.B);
        firmwareBoot();
        s = controller(Optional.empty()).status();
        assertThat(s.state().slot(Slot.B).state()).isEqualTo(SlotState.BAD);
        assertThat(s.next()).isEqualTo(Slot.A);
        assertThat(bootctlDefault()).isEqualTo(Slot.A);
    }

    @Test
    void theLastTryIsATrialWhileItRunsAndCanBeConfirmedOrRejected() throws Exception {
        controller(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "console=ttyS0");
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "console=ttyS0", 1);
        firmwareBoot(); // systemd-boot: +1-0 becomes +0-1 before the kernel starts
        assertThat(controller(Optional.empty()).status().state().slot(Slot.B).state())
                .as("seen from outside, the tries are used up").isEqualTo(SlotState.BAD);
        AbStatus running = controller(Optional.of(Slot.B)).status();
        assertThat(running.state().slot(Slot.B).state()).as("the running last try").isEqualTo(SlotState.TRIAL);
        assertThat(controller(Optional.of(Slot.A)).status().state().slot(Slot.B).state())
                .as("booted from A, B's exhausted entry is bad").isEqualTo(SlotState.BAD);
        assertThat(controller(Optional.of(Slot.B)).confirm()).contains(Slot.B);
        assertThat(controller(Optional.of(Slot.B)).status().state().slot(Slot.B).state()).isEqualTo(SlotState.GOOD);

        controller(Optional.of(Slot.B)).upgrade(Payloads.kernel(dir, "3"), "3", "console=ttyS0", 1);
        firmwareBoot();
        assertThat(controller(Optional.of(Slot.A)).reject()).isEqualTo(Slot.A);
        // The rejected last try keeps its exhausted name: what the next boot sees is B.
        assertThat(controller(Optional.empty()).status().state().slot(Slot.A).state()).isEqualTo(SlotState.BAD);
        assertThat(controller(Optional.empty()).status().next()).isEqualTo(Slot.B);
        assertThat(bootctlDefault()).isEqualTo(Slot.B);
    }

    @Test
    void rejectPointsBackAtTheKnownGoodSlot() throws Exception {
        controller(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "");
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "", 3);
        controller(Optional.of(Slot.B)).reject();
        AbStatus s = controller(Optional.empty()).status();
        assertThat(s.state().slot(Slot.B).state()).isEqualTo(SlotState.BAD);
        assertThat(s.next()).isEqualTo(Slot.A);
    }

    @Test
    void refusesWhatWouldLoseTheKnownGoodSlot() throws Exception {
        controller(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "");
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "", 3);
        // Booted from the trial B, another upgrade would overwrite A, the only known-good slot.
        assertThatThrownBy(() -> controller(Optional.of(Slot.B)).upgrade(Payloads.kernel(dir, "3"), "3", "", 3))
                .isInstanceOfSatisfying(BootloaderException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED))
                .hasMessageContaining("only known-good");
        // Rolling back from A to the trial B is refused: B is not known-good.
        assertThatThrownBy(() -> controller(Optional.of(Slot.A)).rollback())
                .isInstanceOfSatisfying(BootloaderException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED));
        assertThatThrownBy(() -> controller(Optional.empty()).upgrade(Payloads.kernel(dir, "4+1"), "4+1", "", 3))
                .hasMessageContaining("'+'");
    }

    @Test
    void entriesCarryTheSlotAndPanicArguments() throws Exception {
        controller(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "console=ttyS0 bronze.slot=B");
        String entry = Files.readString(espDir.resolve("loader/entries/bronze-00001-a.conf"));
        assertThat(entry).contains("options console=ttyS0 bronze.slot=A panic=10\n").doesNotContain("bronze.slot=B");
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "panic=0", 3);
        assertThat(Files.readString(espDir.resolve("loader/entries/bronze-00002-b+3-0.conf")))
                .contains("options panic=0 bronze.slot=B\n");
    }

    @Test
    void entryNamesRoundTripAndSortAsSystemdBootDoes() {
        EntryName n = EntryName.parse("bronze-00012-b+2-1.conf").orElseThrow();
        assertThat(n.generation()).isEqualTo(12);
        assertThat(n.slot()).isEqualTo(Slot.B);
        assertThat(n.counter()).contains(new EntryName.Counter(2, 1));
        assertThat(n.fileName()).isEqualTo("bronze-00012-b+2-1.conf");
        assertThat(EntryName.parse("BRONZE-00012-B.CONF")).isPresent();
        assertThat(EntryName.parse("bronze-12-b.conf")).isEmpty();
        assertThat(EntryName.parse("other.conf")).isEmpty();
    }
}
