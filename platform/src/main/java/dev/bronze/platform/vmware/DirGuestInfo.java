package dev.bronze.platform.vmware;

import dev.bronze.hardware.SysRoot;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** guestinfo of a fixture tree: the value of {@code guestinfo.KEY} is the file {@code run/bronze/guestinfo/KEY}. */
public final class DirGuestInfo implements GuestInfoChannel {

    private final SysRoot root;

    public DirGuestInfo(SysRoot root) {
        this.root = root;
    }

    @Override
    public Optional<String> get(String key) {
        if (!key.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        var r = root.read("run/bronze/guestinfo/" + key, 16 * 1024 * 1024);
        if (r instanceof dev.bronze.hardware.SysRead.Content c && !c.truncated()) {
            String v = new String(c.bytes(), StandardCharsets.UTF_8);
            return v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }
        return Optional.empty();
    }
}
