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
        return Signals.of(e, ID)
                .dmiEquals(100, "sys_vendor", "Packet", "Equinix", "Equinix Metal")
                .dmiMatches(70, "product_name", "[a-z][0-9]\\.[a-z0-9]+\\.(x86|arm|arm64)")
                .ignitionPlatform(95, "packet", "equinixmetal")
                .match();
    }
}
