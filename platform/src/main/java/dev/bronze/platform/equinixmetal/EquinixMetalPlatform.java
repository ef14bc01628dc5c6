package dev.bronze.platform.equinixmetal;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Mode;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;
import java.util.List;

/**
 * Equinix Metal (formerly Packet): vendor "Packet"/"Equinix", or a plan name as product name
 * ({@code c3.small.x86}, {@code m3.large.x86}). cloud-init has no rule here (PR #680 stalled).
 */
public final class EquinixMetalPlatform implements Platform {

    static final String ID = "equinixMetal";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Mode mode() {
        return Mode.METAL;
    }

    @Override
    public List<String> aliases() {
        return List.of("packet");
    }

    @Override
    public Match score(Evidence e) {
        Signals s = Signals.of(e, ID)
                .dmiEquals(100, "sys_vendor", "Packet", "Equinix", "Equinix Metal")
                .ignitionPlatform(95, "packet", "equinixmetal");
        String product = e.dmi().get("product_name");
        if (product != null && planName(product)) {
            s.add(70, "dmi:product_name", product);
        }
        return s.match();
    }

    /** An Equinix plan as product name: class letter, generation digit, size, CPU ({@code c3.small.x86}). */
    static boolean planName(String v) {
        String[] parts = v.split("\\.", -1);
        if (parts.length != 3 || parts[0].length() != 2 || parts[1].isEmpty()) {
            return false;
        }
        if (!Character.isLowerCase(parts[0].charAt(0)) || !Character.isDigit(parts[0].charAt(1))) {
            return false;
        }
        for (int i = 0; i < parts[1].length(); i++) {
            char c = parts[1].charAt(i);
            if (!(Character.isLowerCase(c) || Character.isDigit(c))) {
                return false;
            }
        }
        return parts[2].equals("x86") || parts[2].equals("arm") || parts[2].equals("arm64");
    }
}
