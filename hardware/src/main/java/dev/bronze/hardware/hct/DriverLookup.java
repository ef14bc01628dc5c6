package dev.bronze.hardware.hct;

import java.util.List;
import java.util.Optional;

/**
 * What the drivers manifest says about one device: the modules that match its modalias in kmod's
 * order, the firmware files they load, and the system extension that ships them when the base
 * image does not. Implemented over the drivers manifest (drivers-manifest module).
 */
public interface DriverLookup {

    Support lookup(String modalias);

    /** The manifest's answer for one modalias. */
    record Support(List<String> modules, List<String> firmware, Optional<String> extension) {
        public Support {
            modules = List.copyOf(modules);
            firmware = List.copyOf(firmware);
        }

        public static Support none() {
            return new Support(List.of(), List.of(), Optional.empty());
        }
    }

    DriverLookup NONE = m -> Support.none();
}
