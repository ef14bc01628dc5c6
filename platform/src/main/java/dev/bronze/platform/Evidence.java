package dev.bronze.platform;

import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.devicetree.Board;
import dev.bronze.hardware.devicetree.DeviceTree;
import dev.bronze.hardware.fs.LabelProbe;
import dev.bronze.hardware.fs.Volume;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything detection looks at, gathered once from local sources: no network, no child processes,
 * at most a few KiB from any file. A source that is missing, unreadable, binary or oversized is
 * recorded in {@link #unavailable} and otherwise ignored, never an exception: broken or hostile
 * firmware must not stop init.
 *
 * @param dmi              readable, non-empty {@code sys/class/dmi/id} fields by name ({@code sys_vendor})
 * @param cmdline          the kernel command line
 * @param arch             Go/Debian style architecture ({@code amd64}, {@code arm64}) or {@code unknown}
 * @param cpuHypervisorFlag the x86 {@code hypervisor} cpuinfo flag (CPUID 1 ECX bit 31); null when not x86
 * @param clocksource      {@code current_clocksource} ({@code kvm-clock}, {@code tsc}) or null
 * @param clocksources     {@code available_clocksource}: every clock the kernel registered ({@code tsc kvm-clock}), or null
 * @param hypervisorType   {@code sys/hypervisor/type} ({@code xen}) or null
 * @param hypervisorUuid   {@code sys/hypervisor/uuid} or null
 * @param smbiosVmBit      SMBIOS BIOS characteristics ext. byte 2 bit 4 from the type-0 entry; null when unreadable
 * @param board            the device-tree board, or null
 * @param dtHypervisor     device-tree {@code hypervisor/compatible}, or null
 * @param fwCfg            QEMU's firmware config device is present
 * @param xenControlDomain this is Xen's dom0 (the host, not a guest)
 * @param volumes          labelled filesystems
 * @param efi              booted through UEFI
 * @param containerMarkers container signs found ({@code .dockerenv}, {@code container=podman})
 * @param markerFiles      platform marker files present ({@code run/scaleway}, {@code etc/vultr})
 * @param unavailable      sources that exist but could not be used, with why
 */
public record Evidence(
        Map<String, String> dmi,
        KernelCmdline cmdline,
        String arch,
        Boolean cpuHypervisorFlag,
        String clocksource,
        String clocksources,
        String hypervisorType,
        String hypervisorUuid,
        Boolean smbiosVmBit,
        Board board,
        String dtHypervisor,
        boolean fwCfg,
        boolean xenControlDomain,
        List<Volume> volumes,
        boolean efi,
        List<String> containerMarkers,
        List<String> markerFiles,
        Map<String, String> unavailable) {

    /** The DMI fields read, in the order the issue lists them. */
    public static final List<String> DMI_FIELDS = List.of("sys_vendor", "product_name", "product_version",
            "product_serial", "product_uuid", "board_vendor", "board_name", "chassis_vendor", "chassis_asset_tag",
            "bios_vendor", "bios_version");

    /** Files whose mere presence is a platform's sign (ds-identify's, plus Talos's container marker). */
    public static final List<String> MARKER_FILES = List.of("run/scaleway", "var/run/scaleway", "etc/vultr",
            "usr/etc/in-container");

    static final String DMI_DIR = "sys/class/dmi/id/";
    static final String[] KUBERNETES_MARKERS = {"var/run/secrets/kubernetes.io/serviceaccount",
        "run/secrets/kubernetes.io/serviceaccount"};
    static final String[] CLOUD_INIT_DS_KEYS = {"ds", "ci.ds", "ci.datasource"};
    static final int CPUINFO_MAX = 16 * 1024;
    static final int ENVIRON_MAX = 16 * 1024;

    public Evidence {
        dmi = Map.copyOf(dmi);
        volumes = List.copyOf(volumes);
        containerMarkers = List.copyOf(containerMarkers);
        markerFiles = List.copyOf(markerFiles);
        unavailable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
    }

    /** A DMI field's value when it was readable and not empty. */
    public Optional<String> dmi(String field) {
        return Optional.ofNullable(dmi.get(field));
    }

    public boolean inContainer() {
        return !containerMarkers.isEmpty();
    }

    public boolean hasMarker(String rel) {
        return markerFiles.contains(rel);
    }

    /** Volumes whose label is exactly one of {@code labels}. */
    public List<Volume> volumesLabelled(String... labels) {
        List<Volume> out = new ArrayList<>();
        for (Volume v : volumes) {
            if (v.labelled(labels)) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * cloud-init's forced datasource ({@code ds=}, {@code ci.ds=}, {@code ci.datasource=}), lower
     * case, cut at the first {@code ;} as ds-identify does.
     */
    public Optional<String> cloudInitDatasource() {
        for (String key : CLOUD_INIT_DS_KEYS) {
            Optional<String> v = cmdline.get(key);
            if (v.isPresent()) {
                String s = v.get();
                int semi = s.indexOf(';');
                s = (semi >= 0 ? s.substring(0, semi) : s).strip().toLowerCase(Locale.ROOT);
                if (!s.isEmpty()) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    /** Ignition/Afterburn's {@code ignition.platform.id=}. */
    public Optional<String> ignitionPlatform() {
        String id = cmdline.get("ignition.platform.id").orElse("");
        return id.isBlank() ? Optional.empty() : Optional.of(id);
    }

    /** Gathers the evidence of {@code root}: bounded file reads only. */
    public static Evidence gather(SysRoot root) {
        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<String, String> dmi = new LinkedHashMap<>();
        for (String f : DMI_FIELDS) {
            SysRead r = root.read(DMI_DIR + f);
            Optional<String> t = r.text();
            if (t.isPresent()) {
                if (!t.get().isEmpty()) {
                    dmi.put(f, t.get());
                }
            } else if (!(r instanceof SysRead.Absent)) {
                unavailable.put("dmi:" + f, r.describe());
            }
        }
        SysRead cmdRead = root.read("proc/cmdline", 64 * 1024);
        KernelCmdline cmdline = KernelCmdline.parse(cmdRead.text().orElse(""));
        if (cmdRead.text().isEmpty() && !(cmdRead instanceof SysRead.Absent)) {
            unavailable.put("proc/cmdline", cmdRead.describe());
        }

        String cpuinfo = "";
        SysRead cpu = root.read("proc/cpuinfo", CPUINFO_MAX);
        if (cpu instanceof SysRead.Content c) {
            // A many-core cpuinfo is longer than the bound; its first processor block says enough.
            cpuinfo = new String(c.bytes(), StandardCharsets.UTF_8);
            if (cpuinfo.indexOf('\0') >= 0) {
                unavailable.put("proc/cpuinfo", "unavailable: binary content");
                cpuinfo = "";
            }
        } else if (!(cpu instanceof SysRead.Absent)) {
            unavailable.put("proc/cpuinfo", cpu.describe());
        }
        String arch = Arch.fromCpuinfo(cpuinfo).orElse(null);
        if (arch == null) {
            arch = root.isHost() ? Arch.ofJvm() : "unknown";
        }
        Boolean hvFlag = Arch.isX86(cpuinfo) ? Arch.hasFlag(cpuinfo, "hypervisor") : null;

        String clocksource = text(root, "sys/devices/system/clocksource/clocksource0/current_clocksource", unavailable);
        String clocksources = text(root, "sys/devices/system/clocksource/clocksource0/available_clocksource", unavailable);
        String hvType = text(root, "sys/hypervisor/type", unavailable);
        String hvUuid = text(root, "sys/hypervisor/uuid", unavailable);
        Boolean vmBit = null;
        if (root.read("sys/firmware/dmi/entries/0-0/raw", 256) instanceof SysRead.Content c
                && !c.truncated() && c.bytes().length > 19 && c.bytes()[0] == 0) {
            vmBit = (c.bytes()[19] & 0x10) != 0;
        }

        Board board = null;
        String dtHypervisor = null;
        Optional<DeviceTree> dt = DeviceTree.of(root);
        if (dt.isPresent()) {
            board = Board.read(root, cpuinfo.isEmpty() ? null : cpuinfo).orElse(null);
            List<String> hv = dt.get().stringList("hypervisor/compatible");
            dtHypervisor = hv.isEmpty() ? null : hv.get(0);
            if (board == null && dt.get().exists("model")) {
                unavailable.put("devicetree:model", dt.get().property("model").describe());
            }
        }
        boolean fwCfg = root.isDirectory("sys/firmware/qemu_fw_cfg");
        boolean dom0 = root.text("proc/xen/capabilities").orElse("").contains("control_d");

        List<Volume> volumes = LabelProbe.labels(root);
        boolean efi = root.isDirectory("sys/firmware/efi");

        List<String> container = new ArrayList<>();
        if (root.exists(".dockerenv")) {
            container.add(".dockerenv");
        }
        if (root.exists("run/.containerenv")) {
            container.add("run/.containerenv");
        }
        if (root.exists("usr/etc/in-container")) {
            container.add("usr/etc/in-container");
        }
        // A Kubernetes pod run by containerd or CRI-O has none of the markers above, but the
        // kubelet mounts its service-account token (unless automounting was turned off).
        for (String k8s : KUBERNETES_MARKERS) {
            if (root.isDirectory(k8s)) {
                container.add(k8s);
                break;
            }
        }
        String nspawn = root.text("run/systemd/container").orElse("");
        if (!nspawn.isEmpty() && nspawn.length() < 64) {
            container.add("run/systemd/container=" + nspawn);
        }
        SysRead env = root.read("proc/1/environ", ENVIRON_MAX);
        if (env instanceof SysRead.Content c) {
            for (String kv : new String(c.bytes(), StandardCharsets.UTF_8).split("\0")) {
                if (kv.startsWith("container=") && kv.length() > "container=".length() && kv.length() < 64
                        && printableWord(kv)) {
                    container.add(kv);
                    break;
                }
            }
        } else if (env instanceof SysRead.Unreadable u) {
            unavailable.put("proc/1/environ", u.describe());
        }

        List<String> markers = new ArrayList<>();
        for (String m : MARKER_FILES) {
            if (root.exists(m)) {
                markers.add(m);
            }
        }
        return new Evidence(dmi, cmdline, arch, hvFlag, clocksource, clocksources, hvType, hvUuid, vmBit, board, dtHypervisor,
                fwCfg, dom0, volumes, efi, container, markers, unavailable);
    }

    private static boolean printableWord(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x21 || s.charAt(i) >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String text(SysRoot root, String rel, Map<String, String> unavailable) {
        SysRead r = root.read(rel);
        Optional<String> t = r.text();
        if (t.isEmpty() && !(r instanceof SysRead.Absent)) {
            unavailable.put(rel, r.describe());
        }
        return t.isPresent() && !t.get().isEmpty() ? t.get() : null;
    }
}
