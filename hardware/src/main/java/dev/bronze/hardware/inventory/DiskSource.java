package dev.bronze.hardware.inventory;

import dev.bronze.hardware.SysRoot;
import java.util.List;

/**
 * The seam for disks: disk discovery lives in {@code dev.bronze.hardware.disk.discovery} (another
 * feature, merged separately). Inventory takes whatever implementation it is given; until that is
 * wired, {@link #UNAVAILABLE} reports no disks and inventory notes why.
 */
public interface DiskSource {

    /** Disks below {@code root}. */
    List<Inventory.DiskSummary> disks(SysRoot root);

    /** True when this source actually looks for disks. */
    default boolean available() {
        return true;
    }

    DiskSource UNAVAILABLE = new DiskSource() {
        @Override
        public List<Inventory.DiskSummary> disks(SysRoot root) {
            return List.of();
        }

        @Override
        public boolean available() {
            return false;
        }
    };
}
