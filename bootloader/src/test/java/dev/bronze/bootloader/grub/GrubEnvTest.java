package dev.bronze.bootloader.grub;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** grubenv files checked against grub-editenv, GRUB's own tool. */
class GrubEnvTest {

    @TempDir
    Path dir;

    static String grubEditenv(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(List.of("grub-editenv"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void grubEditenvReadsOurs() throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("bronze_gen", "17");
        vars.put("bronze_tries", "3");
        vars.put("odd", "back\\slash and\nnewline");
        Path f = Files.write(dir.resolve("grubenv"), GrubEnv.encode(vars, GrubEnv.DEFAULT_SIZE));
        assertThat(Files.size(f)).isEqualTo(1024);
        String listed = grubEditenv(f.toString(), "list");
        assertThat(listed).contains("bronze_gen=17\n", "bronze_tries=3\n", "odd=back\\slash and\nnewline\n");
        // And grub-editenv can change it in place, keeping the size, which we then read.
        grubEditenv(f.toString(), "set", "bronze_tries=2");
        assertThat(Files.size(f)).isEqualTo(1024);
        assertThat(GrubEnv.decode(Files.readAllBytes(f)).orElseThrow())
                .containsEntry("bronze_tries", "2").containsEntry("bronze_gen", "17").containsEntry("odd", "back\\slash and\nnewline");
    }

    @Test
    void weReadWhatGrubEditenvWrites() throws Exception {
        Path f = dir.resolve("theirs");
        grubEditenv(f.toString(), "create");
        grubEditenv(f.toString(), "set", "saved_entry=bronze-A", "next_entry=", "weird=a\\b");
        Map<String, String> vars = GrubEnv.decode(Files.readAllBytes(f)).orElseThrow();
        assertThat(vars).containsEntry("saved_entry", "bronze-A").containsEntry("next_entry", "").containsEntry("weird", "a\\b");
    }

    @Test
    void rejectsWhatIsNotAnEnvironmentBlock() {
        assertThat(GrubEnv.decode("hello".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        byte[] torn = GrubEnv.encode(Map.of("bronze_tries", "3"), 1024);
        torn[3] = 'X';
        assertThat(GrubEnv.decode(torn)).isEmpty();
    }

    @FuzzTest(maxDuration = "10s")
    void decodeNeverThrows(byte[] data) {
        byte[] block = new byte[GrubEnv.SIGNATURE.length() + data.length];
        System.arraycopy(GrubEnv.SIGNATURE.getBytes(StandardCharsets.US_ASCII), 0, block, 0, GrubEnv.SIGNATURE.length());
        System.arraycopy(data, 0, block, GrubEnv.SIGNATURE.length(), data.length);
        GrubEnv.decode(block);
    }
}
