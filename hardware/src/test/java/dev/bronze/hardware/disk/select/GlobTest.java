package dev.bronze.hardware.disk.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "Samsung*, SAMSUNG MZVLB512HAJQ-00000, true",
        "Samsung*, Micron_5300, false",
        "*, '', true",
        "'', '', true",
        "'', x, false",
        "?, a, true",
        "?, ab, false",
        "a*b*c, aXXbYYc, true",
        "a*b*c, aXXbYY, false",
        "*970*, Samsung SSD 970 EVO, true",
        "[a-c]x, bx, true",
        "[a-c]x, dx, false",
        "[!a-c]x, dx, true",
        "[^a-c]x, ax, false",
        "[]]x, ]x, true",
        "\\*x, *x, true",
        "\\*x, ax, false",
        "/pci0000:00/*/ata1/*, /pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0, true",
        "eui.0025*, EUI.0025385B, true",
    })
    void matches(String pattern, String value, boolean expected) {
        assertThat(Glob.compile(pattern).matches(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"[abc, unclosed [", "abc\\, lone backslash", "[!, unclosed ["})
    void malformed(String pattern, String message) {
        assertThatThrownBy(() -> Glob.compile(pattern)).hasMessageContaining(message);
    }
}
