package dev.bronze.bootloader.grub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.ab.AbController;
import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.Payloads;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.esp.DirectoryEsp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrubBackendTest {

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
        return new AbController(new GrubBackend(esp, "grub", Optional.empty(), 0), booted);
    }

    /** grub-script-check, GRUB's own parser, must accept every config we write. */
    void scriptCheck() throws Exception {
        Process p = new ProcessBuilder("grub-script-check", espDir.resolve(GrubBackend.CFG).toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("grub-script-check: %s\n%s", out, Files.readString(espDir.resolve(GrubBackend.CFG))).isZero();
    }

    /** What the config's countdown does on one boot, as a model: decrement a valid digit with a matching generation. */
    void grubBoot() throws Exception {
        Path env = espDir.resolve(GrubBackend.ENV);
        Map<String, String> vars = new LinkedHashMap<>(GrubEnv.decode(Files.readAllBytes(env)).orElseThrow());
        String cfg = Files.readString(espDir.resolve(GrubBackend.CFG));
        var state = GrubConfig.parseState(cfg).orElseThrow();
        if (cfg.contains("bronze_trial_gen=" + state.generation()) && vars.get("bronze_gen").equals(Long.toString(state.generation()))) {
            int t = Integer.parseInt(vars.get("bronze_tries"));
            if (t > 0) {
                vars.put("bronze_tries", Integer.toString(t - 1));
                Files.write(env, GrubEnv.encode(vars, 1024));
            }
        }
    }

    @Test
    void theWholeLifecycleWritesValidGrubScript() throws Exception {
        controller(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "console=ttyS0 quiet");
        scriptCheck();
        String cfg = Files.readString(espDir.resolve(GrubBackend.CFG));
        assertThat(cfg).contains("set default=bronze-A").contains("linux /bronze/A/vmlinuz console=ttyS0 quiet bronze.slot=A panic=10")
                .doesNotContain("load_env");
        assertThat(controller(Optional.empty()).status().next()).isEqualTo(Slot.A);

        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "console=ttyS0", 2);
        scriptCheck();
        AbStatus s = controller(Optional.empty()).status();
        assertThat(s.next()).isEqualTo(Slot.B);
        assertThat(s.state().slot(Slot.B).state()).isEqualTo(SlotState.TRIAL);
        assertThat(s.state().slot(Slot.B).triesLeft()).isEqualTo(2);
        assertThat(s.booted()).isNull();
        cfg = Files.readString(espDir.resolve(GrubBackend.CFG));
        assertThat(cfg).contains("set default=bronze-A").contains("load_env --file \"${bronze_env}\" bronze_gen bronze_tries")
                .contains("set default=bronze-B");

        grubBoot();
        s = controller(Optional.empty()).status();
        assertThat(s.booted()).isEqualTo(Slot.B);
        assertThat(s.state().slot(Slot.B).triesLeft()).isEqualTo(1);
        controller(Optional.of(Slot.B)).confirm();
        scriptCheck();
        s = controller(Optional.empty()).status();
        assertThat(s.state().slot(Slot.B).state()).isEqualTo(SlotState.GOOD);
        assertThat(Files.readString(espDir.resolve(GrubBackend.CFG))).contains("set default=bronze-B").doesNotContain("load_env");

        controller(Optional.of(Slot.B)).rollback();
        scriptCheck();
        assertThat(controller(Optional.empty()).status().next()).isEqualTo(Slot.A);

        // A broken 3: the tries run out and A is what boots, by the config alone.
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "3"), "3", "", 2);
        grubBoot();
        grubBoot();
        s = controller(Optional.empty()).status();
        assertThat(s.state().slot(Slot.B).state()).isEqualTo(SlotState.BAD);
        assertThat(s.next()).isEqualTo(Slot.A);
        // The next upgrade goes into the bad slot again, never into A.
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "4"), "4", "", 3);
        scriptCheck();
        assertThat(controller(Optional.empty()).status().state().slot(Slot.B).version()).isEqualTo("4");
        controller(Optional.empty()).reject();
        scriptCheck();
        s = controller(Optional.empty()).status();
        assertThat(s.state().slot(Slot.B).state()).isEqualTo(SlotState.BAD);
        assertThat(s.next()).isEqualTo(Slot.A);
    }

    @Test
    void aTornOrForeignEnvironmentNeverArmsTheTrial() throws Exception {
        controller(Optional.empty()).install(Payloads.kernel(dir, "1"), "1", "");
        controller(Optional.of(Slot.A)).upgrade(Payloads.kernel(dir, "2"), "2", "", 3);
        byte[] env = Files.readAllBytes(espDir.resolve(GrubBackend.ENV));
        env[30] ^= 0x20;
        Files.write(espDir.resolve(GrubBackend.ENV), env);
        AbStatus s = controller(Optional.empty()).status();
        assertThat(s.state().slot(Slot.B).state()).isIn(SlotState.BAD, SlotState.TRIAL);
        // A generation mismatch (an environment left from an older upgrade) disarms it.
        Files.write(espDir.resolve(GrubBackend.ENV), GrubEnv.encode(Map.of("bronze_gen", "1", "bronze_tries", "3"), 1024));
        assertThat(controller(Optional.empty()).status().next()).isEqualTo(Slot.A);
    }

    @Test
    void argumentsAreSeparateGrubWords() {
        assertThat(GrubScript.word("console=ttyS0,115200")).isEqualTo("console=ttyS0,115200");
        assertThat(GrubScript.word("a b")).isEqualTo("'a b'");
        assertThat(GrubScript.word("x=$y")).isEqualTo("'x=$y'");
        assertThat(GrubScript.word("it's")).isEqualTo("'it'\\''s'");
        assertThat(GrubScript.word("")).isEqualTo("''");
    }
}
