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
    void multiLineMessagesBecomeOneLine() {
        assertThat(Main.oneLine("a\n  b\r\nc")).isEqualTo("a; b; c");
    }
}
