package dev.bronze.hardware.modalias;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.testing.AliasSamples;
import dev.bronze.testing.Modprobe;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Built-in aliases all have priority 0, so their order comes from libkmod's tree walk alone: the
 * hardest part to get right. Here depmod (the real one) indexes generated built-in aliases that
 * crowd the same prefixes, and modprobe -R answers; ours must print the same lines in the same order.
 */
class DepmodOracleTest {

    private static final String VERSION = "9.9.9-bronze";

    @Test
    void builtinAliasOrderEqualsModprobe(@TempDir Path root, @TempDir Path conf) throws Exception {
        Path dir = Files.createDirectories(root.resolve("lib/modules").resolve(VERSION));
        Random rnd = new Random(42);
        String[] pieces = {"a", "b", "x", "*", "?", "[ab]", "[!a]", "-", ":", "0", "1"};
        ByteArrayOutputStream modinfo = new ByteArrayOutputStream();
        List<String> builtin = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            String module = "bi" + (char) ('a' + rnd.nextInt(26)) + m;
            builtin.add("kernel/drivers/" + module + ".ko");
            for (int a = 0, n = 1 + rnd.nextInt(4); a < n; a++) {
                StringBuilder p = new StringBuilder("bltn:");
                for (int k = 0, len = rnd.nextInt(6); k < len; k++) {
                    p.append(pieces[rnd.nextInt(pieces.length)]);
                }
                patterns.add(p.toString());
                modinfo.write((module + ".alias=" + p + "\0").getBytes(StandardCharsets.UTF_8));
            }
            modinfo.write((module + ".license=GPL\0").getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("modules.builtin.modinfo"), modinfo.toByteArray());
        Files.write(dir.resolve("modules.builtin"), builtin);
        Files.writeString(dir.resolve("modules.order"), "");
        Process depmod = new ProcessBuilder("depmod", "-b", root.toString(), VERSION).redirectErrorStream(true).start();
        String out = new String(depmod.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(depmod.waitFor()).as("depmod: " + out).isZero();

        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < 3000; i++) {
            String k = AliasSamples.instantiate(patterns.get(rnd.nextInt(patterns.size())), rnd);
            keys.add(rnd.nextInt(4) == 0 ? AliasSamples.mutate(k, rnd) : k);
        }
        // Patterns asked as they are: keys with wildcard bytes take libkmod's literal walk.
        for (int i = 0; i < patterns.size(); i += 3) {
            keys.add(patterns.get(i));
        }
        keys.removeIf(k -> k.isEmpty() || k.startsWith("-"));
        List<String> asked = new ArrayList<>(keys);
        List<List<String>> theirs = new Modprobe(root, VERSION, conf).resolve(asked);
        ModaliasResolver ours = ModaliasResolver.forModuleTree(dir);
        int multi = 0;
        for (int i = 0; i < asked.size(); i++) {
            assertThat(ours.resolve(asked.get(i)).modprobeLines()).as(asked.get(i)).isEqualTo(theirs.get(i));
            multi += new LinkedHashSet<>(theirs.get(i)).size() > 2 ? 1 : 0;
        }
        assertThat(multi).as("answers with 3+ built-ins").isGreaterThan(100);
    }
}
