package dev.bronze.hardware.hct;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a hardware compatibility test: checks ({@code pass}, {@code warn}, {@code fail})
 * and every device with one verdict ({@code works}, {@code supported}, {@code needs-firmware},
 * {@code needs-extension}, {@code unsupported}). Anything that fails blocks installation.
 */
public record HctReport(String machine, List<Check> checks, List<Device> devices) {

    public HctReport {
        checks = List.copyOf(checks);
        devices = List.copyOf(devices);
    }

    public enum Status {
        PASS, WARN, FAIL;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Verdict {
        WORKS("works"), SUPPORTED("supported"), NEEDS_FIRMWARE("needs-firmware"), NEEDS_EXTENSION("needs-extension"),
        UNSUPPORTED("unsupported");

        private final String json;

        Verdict(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    /** One check of the machine as a whole. */
    public record Check(String name, Status status, String detail) {
    }

    /**
     * One device: its bus (pci, usb, platform), address, what it is, its modalias and bound
     * driver, the verdict, the manifest's modules and what is missing.
     */
    public record Device(String bus, String address, String description, String modalias, String driver, Verdict verdict,
            List<String> modules, String detail) {
        public Device {
            modules = List.copyOf(modules);
        }
    }

    public boolean blocksInstall() {
        return checks.stream().anyMatch(c -> c.status() == Status.FAIL);
    }

    public long count(Verdict v) {
        return devices.stream().filter(d -> d.verdict() == v).count();
    }
}
