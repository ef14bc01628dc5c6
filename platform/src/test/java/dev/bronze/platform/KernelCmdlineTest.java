package dev.bronze.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelCmdlineTest {

    @Test
    void splitsQuotesAndRepeats() {
        KernelCmdline c = KernelCmdline.parse(
                "BOOT_IMAGE=/vmlinuz root=LABEL=root quiet  ds=\"nocloud;s=http://10.0.0.1/a b/\" "
                        + "talos.config.inline=AAA talos.config.inline=BBB console=tty0 console=ttyS0\n");
        assertThat(c.get("root")).contains("LABEL=root");
        assertThat(c.has("quiet")).isTrue();
        assertThat(c.get("quiet")).isEmpty();
        assertThat(c.get("ds")).contains("nocloud;s=http://10.0.0.1/a b/");
        assertThat(c.all("talos.config.inline")).containsExactly("AAA", "BBB");
        assertThat(c.get("console")).contains("ttyS0");
        assertThat(c.has("missing")).isFalse();
    }

    @Test
    void emptyAndBlankLinesHaveNoParams() {
        assertThat(KernelCmdline.parse("").params()).isEmpty();
        assertThat(KernelCmdline.parse("   \n").params()).isEmpty();
    }
}
