package dev.bronze.hardware.inventory;

import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.disk.discovery.Disk;
import dev.bronze.hardware.disk.discovery.Disks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Disks for the inventory and the compatibility test, from disk discovery; CD-ROMs are left out. */
public final class DiscoveredDisks implements DiskSource {

    @Override
    public List<Inventory.DiskSummary> disks(SysRoot root) {
        List<Inventory.DiskSummary> out = new ArrayList<>();
        for (Disk d : Disks.discover(root)) {
            if (d.cdrom()) {
                continue;
            }
            out.add(new Inventory.DiskSummary(d.name(), d.sizeBytes(), d.model(), d.serial(), d.rotational(), d.removable(),
                    d.transport() == null ? null : d.transport().name().toLowerCase(Locale.ROOT)));
        }
        return out;
    }
}
