package dev.bronze.platform.metal;

import dev.bronze.platform.Evidence;
import dev.bronze.platform.Match;
import dev.bronze.platform.Mode;
import dev.bronze.platform.Platform;
import dev.bronze.platform.Signals;

/**
 * Bare metal and plain hypervisors: the answer when nothing else is evident. A hypervisor alone
 * (QEMU/KVM, Xen, Hyper-V, VirtualBox) is not a cloud; the detection names it separately.
 */
public final class MetalPlatform implements Platform {

    static final String ID = "metal";

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
        return Signals.of(e, ID)
                .ignitionPlatform(95, "metal", "qemu")
                .match();
    }
}
