package dev.bronze.hardware.inventory;

import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.smbios.MemoryDevice;
import dev.bronze.hardware.smbios.SmbiosStrings;
import dev.bronze.hardware.smbios.SmbiosTable;
import java.util.ArrayList;
import java.util.List;

/** Total memory from {@code /proc/meminfo}, modules from SMBIOS type 17. */
final class MemoryReader {

    private MemoryReader() {
    }

    static Inventory.Memory read(SysRoot root, SmbiosTable smbios, List<String> notes) {
        long total = 0;
        String meminfo = root.read("proc/meminfo", 64 << 10) instanceof dev.bronze.hardware.SysRead.Content c
                ? new String(c.bytes(), java.nio.charset.StandardCharsets.UTF_8) : "";
        total = memTotal(meminfo);
        if (total == 0) {
            notes.add("memory: no MemTotal in /proc/meminfo");
        }
        List<Inventory.MemoryModule> modules = new ArrayList<>();
        Long installed = null;
        if (smbios != null) {
            long sum = 0;
            for (MemoryDevice d : smbios.memoryDevices()) {
                if (!d.installed()) {
                    continue;
                }
                modules.add(new Inventory.MemoryModule(SmbiosStrings.meaningful(d.locator()).orElse(null),
                        SmbiosStrings.meaningful(d.bankLocator()).orElse(null), d.sizeBytes(), d.type(),
                        d.speedMts(), SmbiosStrings.meaningful(d.manufacturer()).orElse(null),
                        SmbiosStrings.meaningful(d.partNumber()).orElse(null),
                        SmbiosStrings.meaningful(d.serialNumber()).orElse(null)));
                sum += d.sizeBytes() == null ? 0 : d.sizeBytes();
            }
            installed = modules.isEmpty() ? null : sum;
        }
        return new Inventory.Memory(total, installed, List.copyOf(modules));
    }

    /** MemTotal in bytes (the file says kB, meaning KiB). */
    static long memTotal(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] p = line.substring(9).strip().split("\\s+");
                try {
                    long v = Long.parseLong(p[0]);
                    return p.length > 1 && p[1].equalsIgnoreCase("kB") ? v * 1024 : v;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
