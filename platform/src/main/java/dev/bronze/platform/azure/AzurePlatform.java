package dev.bronze.platform.azure;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Microsoft Azure: the chassis asset tag {@code 7783-7084-3265-9085-8269-3286-77} (ASCII of "MSFT
 * AZURE VM"). The vendor "Microsoft Corporation" is every Hyper-V guest, so it says nothing alone.
 */
public final class AzurePlatform implements Platform {

    static final String ID = "azure";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "chassis_asset_tag", ASSET_TAG)
                .cloudInitDatasource(90, "azure")
                .ignitionPlatform(95, "azure", "azurestack")
                .match();
    }

    /** Azure's own tag: the ASCII codes of "MSFT AZURE VM" in decimal pairs. */
    static final String ASSET_TAG = "7783-7084-3265-9085-8269-3286-77";
}
