package dev.bronze.drivers;

import dev.bronze.hardware.hct.DriverLookup;
import java.util.List;
import java.util.Optional;

/**
 * The compatibility test's view of the drivers manifest: modules in kmod's order, the firmware
 * they load, and the system extension that ships a module the base image does not have.
 */
public final class ManifestDriverLookup implements DriverLookup {

    private final ManifestMatcher matcher;

    public ManifestDriverLookup(ManifestMatcher matcher) {
        this.matcher = matcher;
    }

    @Override
    public Support lookup(String modalias) {
        ManifestMatcher.Match m = matcher.match(modalias);
        if (!m.hasDriver()) {
            return Support.none();
        }
        List<String> firmware = m.firmware().stream().map(DriversManifest.Firmware::file).toList();
        Optional<String> extension = m.extensions().stream().findFirst();
        return new Support(m.moduleNames(), firmware, extension);
    }
}
