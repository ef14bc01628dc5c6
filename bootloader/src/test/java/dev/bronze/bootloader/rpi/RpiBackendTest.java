package dev.bronze.bootloader.rpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.ab.AbController;
import dev.bronze.bootloader.ab.Payloads;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.esp.DirectoryEsp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpiBackendTest {

    @TempDir
    Path dir;

    Path bootDir;
    DirectoryEsp boot;

    @BeforeEach
    void boot() throws Exception {
        bootDir = Files.createDirectories(dir.resolve("boot"));
        boot = new DirectoryEsp(bootDir);
        Path dtbs = Files.createDirectories(dir.resolve("dtbs/overlays"));
        Files.writeString(dir.resolve("dtbs/bcm2711-rpi-4-b.dtb"), "dtb");
        Files.writeString(dtbs.resolve("disable-bt.dtbo"), "overlay");
    }

    AbController ab(Optional<Slot> booted) {
        return new AbController(new RpiBackend(boot, Optional.empty(), Optional.of(dir.resolve("dtbs")), 1, Optional.empty()), booted);
    }

    /** Sections and key=value lines of a Raspberry Pi firmware config file, as the firmware reads them. */
    static Map<String, List<String>> sections(String text) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        String section = "[all]";
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                assertThat(line).matches("\\[(all|none|tryboot|pi[0-9a-z]+)\\]");
                section = line;
                continue;
            }
            assertThat(line).as("config line").matches("[a-z_0-9]+(=\\S+| \\S+ \\S+)");
            out.computeIfAbsent(section, k -> new java.util.ArrayList<>()).add(line);
        }
        return out;
    }

    @Test
    void filesFollowTheDocumentedFormatsThroughTheLifecycle() throws Exception {
        ab(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "console=serial0,115200");
        String autoboot = Files.readString(bootDir.resolve("autoboot.txt"));
        assertThat(autoboot.getBytes(StandardCharsets.US_ASCII).length).isLessThanOrEqualTo(512);
        assertThat(sections(autoboot)).isEqualTo(Map.of("[all]", List.of("tryboot_a_b=1", "boot_partition=1"),
                "[tryboot]", List.of("boot_partition=1")));
        Map<String, List<String>> cfg = sections(Files.readString(bootDir.resolve("config.txt")));
        assertThat(cfg.get("[all]")).contains("arm_64bit=1", "os_prefix=A/", "kernel=vmlinuz",
                "initramfs initrd followkernel", "cmdline=cmdline.txt");
        assertThat(cfg).doesNotContainKey("[tryboot]");
        String cmdline = Files.readString(bootDir.resolve("A/cmdline.txt"));
        assertThat(cmdline).matches("[^\n]+\n").contains("bronze.slot=A");
        assertThat(Files.exists(bootDir.resolve("A/bcm2711-rpi-4-b.dtb"))).isTrue();
        assertThat(Files.exists(bootDir.resolve("A/overlays/disable-bt.dtbo"))).isTrue();

        ab(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "console=serial0,115200", 3);
        cfg = sections(Files.readString(bootDir.resolve("config.txt")));
        assertThat(cfg.get("[all]")).contains("os_prefix=A/");
        assertThat(cfg.get("[tryboot]")).containsExactly("os_prefix=B/");
        var s = ab(Optional.empty()).status();
        assertThat(s.state().slot(Slot.B).state()).isEqualTo(SlotState.TRIAL);
        assertThat(s.state().slot(Slot.B).triesLeft()).as("tryboot is one try").isEqualTo(1);

        ab(Optional.of(Slot.B)).confirm();
        cfg = sections(Files.readString(bootDir.resolve("config.txt")));
        assertThat(cfg.get("[all]")).contains("os_prefix=B/");
        assertThat(cfg).doesNotContainKey("[tryboot]");

        ab(Optional.of(Slot.B)).rollback();
        assertThat(sections(Files.readString(bootDir.resolve("config.txt"))).get("[all]")).contains("os_prefix=A/");
        assertThat(Files.exists(bootDir.resolve("config.txt.new"))).isFalse();
    }

    @Test
    void onlyKnownFirmwareKeysAreWritten() throws Exception {
        ab(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "");
        ab(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "", 1);
        Set<String> documented = Set.of("arm_64bit", "enable_uart", "os_prefix", "kernel", "initramfs", "cmdline",
                "tryboot_a_b", "boot_partition");
        Pattern key = Pattern.compile("^([a-z_0-9]+)[= ]");
        for (String f : List.of("config.txt", "autoboot.txt")) {
            for (String line : Files.readAllLines(bootDir.resolve(f))) {
                var m = key.matcher(line);
                if (!line.startsWith("#") && !line.startsWith("[") && m.find()) {
                    assertThat(documented).contains(m.group(1));
                }
            }
        }
    }
}
