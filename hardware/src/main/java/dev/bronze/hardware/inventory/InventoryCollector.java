package dev.bronze.hardware.inventory;

import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.smbios.SmbiosReader;
import dev.bronze.hardware.smbios.SmbiosTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an {@link Inventory} of the machine under a {@link SysRoot}. Every source is optional: a
 * Raspberry Pi has no SMBIOS, a container no sysfs topology, a user cannot read the DMI tables;
 * each gap becomes a note, never an exception.
 */
public final class InventoryCollector {

    private final SysRoot root;
    private final DiskSource disks;

    public InventoryCollector(SysRoot root, DiskSource disks) {
        this.root = root;
        this.disks = disks;
    }

    public InventoryCollector(SysRoot root) {
        this(root, DiskSource.UNAVAILABLE);
    }

    public Inventory collect() {
        List<String> notes = new ArrayList<>();
        SmbiosTable smbios = null;
        SmbiosReader.Result r = SmbiosReader.read(root);
        if (r instanceof SmbiosReader.Result.Found f) {
            smbios = f.table();
            for (String p : smbios.problems()) {
                notes.add("smbios: " + p);
            }
        } else if (r instanceof SmbiosReader.Result.NotPresent n) {
            notes.add("smbios: " + n.reason());
        } else if (r instanceof SmbiosReader.Result.Unreadable u) {
            notes.add("smbios: " + u.reason() + "; using /sys/class/dmi/id");
        }
        Inventory.Board board = IdentityReader.board(root);
        List<Inventory.DiskSummary> diskList = disks.disks(root);
        if (!disks.available()) {
            notes.add("disks: no disk discovery wired in (dev.bronze.hardware.disk.discovery)");
        }
        return new Inventory(
                IdentityReader.system(root, smbios, board),
                IdentityReader.baseboard(root, smbios),
                board,
                IdentityReader.firmware(root, smbios, board, notes),
                CpuReader.read(root, notes),
                MemoryReader.read(root, smbios, notes),
                smbios == null ? null : smbios.ipmi().map(i -> new Inventory.Bmc(i.interfaceType(),
                        i.specificationVersion(), String.format("0x%X (%s)", i.baseAddress(), i.addressSpace()))).orElse(null),
                NetworkReader.read(root),
                BusReader.pci(root),
                BusReader.usb(root),
                BusReader.platform(root),
                ClassReader.tpm(root, smbios),
                ClassReader.watchdogs(root),
                ClassReader.rtcs(root),
                List.copyOf(diskList),
                List.copyOf(notes));
    }
}
