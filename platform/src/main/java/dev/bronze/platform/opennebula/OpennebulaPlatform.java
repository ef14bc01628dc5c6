package dev.bronze.platform.opennebula;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * OpenNebula: its contextualization CD, labelled {@code CONTEXT}.
 */
public final class OpennebulaPlatform implements Platform {

    static final String ID = "opennebula";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Match score(Evidence e) {
        return Signals.of(e, ID)
                .label(70, "CONTEXT", "context")
                .cloudInitDatasource(90, "opennebula")
                .match();
    }
}
