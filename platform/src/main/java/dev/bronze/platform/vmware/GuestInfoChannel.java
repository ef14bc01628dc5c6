package dev.bronze.platform.vmware;

import java.util.Optional;

/**
 * Reads {@code guestinfo.*} keys from the hypervisor. A JVM cannot use the VMware backdoor
 * (port I/O), so the host implementation runs {@code vmware-rpctool}, falling back to
 * {@code vmtoolsd --cmd}; tests and {@code --root} trees use files.
 */
@FunctionalInterface
public interface GuestInfoChannel {

    /** The value of {@code guestinfo.<key>} ({@code key} without the prefix), empty when unset. */
    Optional<String> get(String key);

    /** No channel: not under VMware, or no tools installed. */
    GuestInfoChannel NONE = key -> Optional.empty();
}
