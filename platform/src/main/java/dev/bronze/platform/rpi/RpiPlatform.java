package dev.bronze.platform.rpi;

import dev.bronze.hardware.devicetree.Board;
import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Mode;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Raspberry Pi boards, from the device tree: a {@code raspberrypi,} compatible or a model string
 * starting "Raspberry Pi". cloud-init has no device-tree checks at all.
 */
public final class RpiPlatform implements Platform {

    static final String ID = "rpi";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Mode mode() {
        return Mode.METAL;
    }

    @Override
    public Match score(Evidence e) {
        Signals s = Signals.of(e, ID);
        Board b = e.board();
        if (b == null || !b.isRaspberryPi()) {
            return Match.NONE;
        }
        if (b.model() != null && b.model().startsWith("Raspberry Pi")) {
            s.add(100, "devicetree:model", b.model());
        }
        for (String c : b.compatible()) {
            if (c.startsWith("raspberrypi,")) {
                s.add(100, "devicetree:compatible", c);
                break;
            }
        }
        if (b.revision() != null) {
            s.add(0, "revision:" + b.revision().hex(), b.revision().describe());
        }
        return s.match();
    }
}
