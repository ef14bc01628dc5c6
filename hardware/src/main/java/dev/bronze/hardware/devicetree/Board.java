package dev.bronze.hardware.devicetree;

import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A device-tree board: what {@code model}, {@code compatible} and {@code serial-number} say, and
 * for a Raspberry Pi its decoded revision code.
 *
 * @param model      the {@code model} string ("Raspberry Pi 4 Model B Rev 1.4"), or null
 * @param compatible the root {@code compatible} list, most specific first
 * @param serial     {@code serial-number}, else the cpuinfo {@code Serial} line of Pi kernels, or null
 * @param revision   the Raspberry Pi revision, or null when this is not a Pi or it does not say
 */
public record Board(String model, List<String> compatible, String serial, RpiRevision revision) {

    /** cpuinfo on a many-core arm64 box is large; the lines we want sit near its end on a Pi (4 cores). */
    static final int CPUINFO_MAX_BYTES = 16 * 1024;

    public Board {
        compatible = List.copyOf(compatible);
    }

    /** Reads the board of {@code root}; empty without a device tree or when it names nothing. */
    public static Optional<Board> read(SysRoot root) {
        return read(root, null);
    }

    /**
     * As {@link #read(SysRoot)}, with {@code /proc/cpuinfo} text the caller already has (or null to
     * read it here when the device tree has no revision cell).
     */
    public static Optional<Board> read(SysRoot root, String cpuinfo) {
        Optional<DeviceTree> tree = DeviceTree.of(root);
        if (tree.isEmpty()) {
            return Optional.empty();
        }
        DeviceTree dt = tree.get();
        String model = dt.string("model").orElse(null);
        List<String> compatible = dt.stringList("compatible");
        String serial = dt.string("serial-number").orElse(null);
        if (model == null && compatible.isEmpty()) {
            return Optional.empty();
        }
        RpiRevision revision = null;
        boolean pi = isRaspberryPi(model, compatible);
        if (pi) {
            Optional<Long> cell = dt.u32("system/linux,revision");
            revision = cell.isPresent() ? RpiRevision.decode(cell.get()).orElse(null) : null;
            if (revision == null || serial == null) {
                String info = cpuinfo != null ? cpuinfo : readCpuinfo(root);
                if (revision == null) {
                    String rev = cpuinfoField(info, "Revision").orElse(null);
                    revision = rev == null ? null : RpiRevision.parse(rev).orElse(null);
                }
                if (serial == null) {
                    serial = cpuinfoField(info, "Serial").orElse(null);
                }
            }
        }
        return Optional.of(new Board(model, compatible, serial, revision));
    }

    /** The Pi's own vendor prefix, or the model string every Pi firmware writes. */
    public static boolean isRaspberryPi(String model, List<String> compatible) {
        if (model != null && model.startsWith("Raspberry Pi")) {
            return true;
        }
        for (String c : compatible) {
            if (c.startsWith("raspberrypi,")) {
                return true;
            }
        }
        return false;
    }

    public boolean isRaspberryPi() {
        return isRaspberryPi(model, compatible);
    }

    /** The SoC: the last {@code compatible} entry by device-tree convention ("brcm,bcm2711"). */
    public Optional<String> soc() {
        return compatible.isEmpty() ? Optional.empty() : Optional.of(compatible.get(compatible.size() - 1));
    }

    static String readCpuinfo(SysRoot root) {
        if (root.read("proc/cpuinfo", CPUINFO_MAX_BYTES) instanceof SysRead.Content c) {
            return new String(c.bytes(), StandardCharsets.UTF_8);
        }
        return "";
    }

    /** The value of the last {@code Name : value} line of cpuinfo (Pi kernels print them once, at the end). */
    static Optional<String> cpuinfoField(String cpuinfo, String name) {
        String found = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                String v = line.substring(colon + 1).strip();
                if (!v.isEmpty()) {
                    found = v;
                }
            }
        }
        return Optional.ofNullable(found);
    }
}
