package dev.bronze.testing.qemu;

import java.util.Map;
import java.util.Optional;

/**
 * One line of the e2e guest protocol, as the guest's init and check scripts print it on the serial
 * console (see docs/e2e-toolkit.md). Key/value fields are already percent-decoded.
 */
public sealed interface GuestLine {

    /** {@code BRONZE-BOOT kver=... arch=... firmware=uefi|bios boot_id=... cmdline=...}: a kernel reached init. */
    record Boot(Map<String, String> fields) implements GuestLine {
        public Boot {
            fields = Map.copyOf(fields);
        }

        public Optional<String> field(String key) {
            return Optional.ofNullable(fields.get(key));
        }

        /** {@code uefi} or {@code bios}, as the guest kernel saw its firmware. */
        public String firmware() {
            return fields.getOrDefault("firmware", "");
        }
    }

    /** {@code BRONZE-CHECK name pass|fail detail}. */
    record Check(String name, boolean passed, String detail) implements GuestLine {
    }

    /** {@code BRONZE-RESULT key=value ...}: measured values for the host to compare. */
    record Result(Map<String, String> values) implements GuestLine {
        public Result {
            values = Map.copyOf(values);
        }
    }

    /** {@code BRONZE-LOG text}: diagnostics, never a verdict. */
    record Log(String text) implements GuestLine {
    }

    /** {@code BRONZE-DONE status=pass|fail checks=N failed=N}: the check script has ended. */
    record Done(boolean passed, Map<String, String> fields) implements GuestLine {
        public Done {
            fields = Map.copyOf(fields);
        }
    }
}
