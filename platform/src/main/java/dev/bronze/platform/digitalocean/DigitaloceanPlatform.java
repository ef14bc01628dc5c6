package dev.bronze.platform.digitalocean;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;
import java.util.List;

/**
 * DigitalOcean droplets: vendor "DigitalOcean", product "Droplet".
 */
public final class DigitaloceanPlatform implements Platform {

    static final String ID = "digital-ocean";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> aliases() {
        return List.of("digitalocean");
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .dmiEquals(100, "sys_vendor", "DigitalOcean")
                .dmiEquals(60, "product_name", "Droplet")
                .cloudInitDatasource(90, "digitalocean")
                .ignitionPlatform(95, "digitalocean")
                .match();
    }
}
