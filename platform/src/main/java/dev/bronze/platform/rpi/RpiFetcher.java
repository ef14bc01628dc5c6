package dev.bronze.platform.rpi;

import dev.bronze.platform.metal.MetalFetcher;
import java.util.List;

/** Raspberry Pi boards: the metal sources (talos.config=URL, metal-iso), under their own name. */
public final class RpiFetcher extends MetalFetcher {

    @Override
    public String platform() {
        return "rpi";
    }

    @Override
    public List<String> aliases() {
        return List.of("rpi_generic", "rpi5");
    }
}
