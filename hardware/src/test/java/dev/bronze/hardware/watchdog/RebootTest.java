package dev.bronze.hardware.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.linux.Reboot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebootTest {

    /** A fake kernel that records the calls and, like a failing reboot(2), returns -1. */
    static final class FakeKernel implements Reboot.Syscall {
        final List<String> calls = new ArrayList<>();

        @Override
        public void sync() {
            calls.add("sync");
        }

        @Override
        public int reboot(int magic, int magic2, int cmd, String arg) {
            calls.add(String.format("reboot(%08x, %08x, %08x, %s)", magic, magic2, cmd, arg));
            return -1;
        }
    }

    @Test
    void trybootIsRestart2WithTheFirmwareArgumentAfterASync() {
        FakeKernel k = new FakeKernel();
        assertThatThrownBy(() -> new Reboot(k).restartIntoTryboot()).isInstanceOf(HardwareException.class);
        assertThat(k.calls).containsExactly("sync", "reboot(fee1dead, 28121969, a1b2c3d4, 0 tryboot)");
    }

    @Test
    void aPlainRestartHasNoArgument() {
        FakeKernel k = new FakeKernel();
        assertThatThrownBy(() -> new Reboot(k).restart(java.util.Optional.empty())).isInstanceOf(HardwareException.class);
        assertThat(k.calls).containsExactly("sync", "reboot(fee1dead, 28121969, 01234567, null)");
    }
}
