package dev.bronze.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitTwo() {
        Run r = run("--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("bronze: ").contains("--no-such-option");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpExitsZero() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: bronze");
    }

    @Test
    void everySubcommandAnswersHelp() {
        for (Object sub : Subcommands.all()) {
            String name = sub.getClass().getAnnotation(picocli.CommandLine.Command.class).name();
            for (String flag : new String[] {"--help", "-h"}) {
                Run r = run(name, flag);
                assertThat(r.code()).as(name + " " + flag + ": " + r.err()).isZero();
                assertThat(r.out()).as(name + " " + flag).startsWith("Usage: bronze " + name);
                assertThat(r.err()).as(name + " " + flag).isEmpty();
            }
        }
    }

    @Test
    void multiLineMessagesBecomeOneLine() {
        assertThat(Main.oneLine("a\n  b\r\nc")).isEqualTo("a; b; c");
    }

    /** oneLine is hand-written to keep regex off the boot path; it must do what the regex did. */
    @Test
    void oneLineDoesWhatTheRegexDid() {
        java.util.Random r = new java.util.Random(7);
        char[] alphabet = {'a', 'b', ' ', '\t', '\n', '\r', 0x0b, '\f', '\u00a0', '\u2028', ';', 'x'};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = r.nextInt(12); i > 0; i--) {
                b.append(alphabet[r.nextInt(alphabet.length)]);
            }
            String s = b.toString();
            assertThat(Main.oneLine(s)).as("%s", s.chars().boxed().toList())
                    .isEqualTo(s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip());
        }
    }
}
