package dev.bronze.hardware.modalias;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.bronze.testing.AliasSamples;
import dev.bronze.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FnmatchTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "pci:v00008086d00001533sv*sd*bc*sc*i*|pci:v00008086d00001533sv000015D9sd00001533bc02sc00i00|true",
        "pci:v*d*sv*sd*bc01sc08i02*|pci:v0000144Dd0000A808sv0000144Dsd0000A801bc01sc08i02|true",
        "pci:v00008086d00001533sv*sd*bc*sc*i*|pci:v00008086d00001533sv000015D9sd00001533|false",
        "usb:v1645p0007d01[0-2]*dc*|usb:v1645p0007d0125dc00|true",
        "usb:v1645p0007d01[0-2]*dc*|usb:v1645p0007d0133dc00|false",
        "a*/b|a/x/b|true",
        "*|.hidden|true",
        "[!a]|b|true",
        "[^a]|a|false",
        "[]]|]|true",
        "[!]]|a|true",
        "[a-]|-|true",
        "[[:alpha:]]|q|true",
        "[[:digit:]x]|x|true",
        "[[:nope:]]|a|false",
        "a\\*|a*|true",
        "a\\*|ab|false",
        "a\\|a\\|false",
        "[abc|[abc|true",
        "mdio:0000001010000011101111000011????|mdio:00000010100000111011110000111010|true",
        "acpi*:ACPI0007:*|acpi:LNXCPU:ACPI0007:|true",
    })
    void knownCases(String pattern, String string, boolean expected) {
        assertThat(Fnmatch.matches(pattern, string)).isEqualTo(expected);
    }

    @Test
    void hostilePatternsFinishQuickly() {
        String pattern = "*a".repeat(40) + "b";
        String string = "a".repeat(3000);
        assertThat(Fnmatch.matches(pattern, string)).isFalse();
        assertThat(Fnmatch.matches("*".repeat(5000) + "x", "y".repeat(5000))).isFalse();
    }

    /** Thousands of generated pattern/string pairs, each answered by glibc itself. */
    @Test
    void agreesWithGlibcOnGeneratedPairs(@TempDir Path dir) throws Exception {
        GlibcFnmatch glibc = GlibcFnmatch.compile(dir);
        Random rnd = new Random(20261126L);
        String[] patternTokens = {"a", "b", "c", "z", "A", "0", "-", "]", "[", "!", "^", "\\", "*", "?", ":", ".",
            "=", "/", "[:alpha:]", "[:digit:]", "[:upper:]", "[:space:]", "[:punct:]", "[:xdigit:]", "[:foo:]",
            "[:alz:]", "[=a=]", "[=]", "[.a.]", "[.-.]", "[.ab.]", "a-c", "]-a", "[!", "[^", "\\]", "\\-", " "};
        String stringChars = "abcz A0-]![^\\*?:.=/_";
        List<byte[][]> pairs = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            StringBuilder pat = new StringBuilder();
            int len = rnd.nextInt(9);
            for (int k = 0; k < len; k++) {
                pat.append(patternTokens[rnd.nextInt(patternTokens.length)]);
            }
            StringBuilder str = new StringBuilder();
            int slen = rnd.nextInt(7);
            for (int k = 0; k < slen; k++) {
                str.append(stringChars.charAt(rnd.nextInt(stringChars.length())));
            }
            pairs.add(new byte[][] {bytes(pat.toString()), bytes(str.toString())});
        }
        compare(glibc, pairs);
    }

    /** Real alias patterns against strings made from them (wildcards filled in, then mutated). */
    @Test
    void agreesWithGlibcOnRealAliases(@TempDir Path dir) throws Exception {
        GlibcFnmatch glibc = GlibcFnmatch.compile(dir);
        List<String> patterns = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.sharedFixture("hardware/kmod/modules.alias-5.6.2.excerpt"))) {
            if (line.startsWith("alias ")) {
                patterns.add(line.split(" ")[1]);
            }
        }
        Random rnd = new Random(7);
        List<byte[][]> pairs = new ArrayList<>();
        for (String p : patterns) {
            for (String other : patterns) {
                String candidate = AliasSamples.instantiate(other, rnd);
                pairs.add(new byte[][] {bytes(p), bytes(candidate)});
                pairs.add(new byte[][] {bytes(p), bytes(AliasSamples.mutate(candidate, rnd))});
            }
        }
        compare(glibc, pairs);
    }

    private static void compare(GlibcFnmatch glibc, List<byte[][]> pairs) throws Exception {
        boolean[] expected = glibc.matches(pairs);
        List<String> wrong = new ArrayList<>();
        int matches = 0;
        for (int i = 0; i < pairs.size(); i++) {
            boolean ours = Fnmatch.matches(pairs.get(i)[0], pairs.get(i)[1]);
            matches += expected[i] ? 1 : 0;
            if (ours != expected[i] && wrong.size() < 20) {
                wrong.add("fnmatch(\"" + str(pairs.get(i)[0]) + "\", \"" + str(pairs.get(i)[1]) + "\") glibc="
                        + expected[i] + " ours=" + ours);
            }
        }
        assertThat(wrong).as("disagreements with glibc").isEmpty();
        // The generated set must exercise both outcomes, or it proves little.
        assertThat(matches).isGreaterThan(pairs.size() / 1000).isLessThan(pairs.size());
    }

    @FuzzTest(maxDuration = "20s")
    void neverThrowsAndStaysBounded(FuzzedDataProvider data) {
        String pattern = data.consumeString(300);
        String string = data.consumeRemainingAsString();
        Fnmatch.matches(pattern, string);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
