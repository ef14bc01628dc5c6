package dev.bronze.e2e;

import dev.bronze.e2e.Harness.Behaviour;
import dev.bronze.e2e.Harness.CliOutcome;
import dev.bronze.e2e.Harness.GuestOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One row's steps, in order; a failed step ends the row (each step builds on the disk the last one
 * left). Images are made and changed only with the real CLI; the guest confirms by itself (node
 * mode), and in plumbing mode the host confirms a trial with {@code bronze confirm}.
 *
 * <p>Full scenario (metal rows): install 1 → boots A; upgrade 2 → boots B and confirms (on
 * uefi-sdboot-metal the guest upgrades itself from the config server); rollback → 1 from A;
 * upgrade to 3 that panics → after its 2 tries 1 again, in one QEMU run; upgrade to 4 that never
 * confirms → the watchdog resets it twice and 1 comes back, in one QEMU run. Platform rows: install
 * → boot → detect → fetch → confirm, checked against what the simulators served.
 */
public final class Scenario {

    static final int TRIES = 2;
    static final Set<String> GOOD = Set.of("not-a-trial", "confirmed");
    static final Set<String> FALLBACK = Set.of("not-a-trial", "confirmed", "rejected");
    /** boot-check's watchdog timeout in the guest (fw_cfg {@code opt/bronze/node}). */
    static final String WATCHDOG_TIMEOUT = "20s";

    /** The plumbing guest: the toolkit's busybox with a shell check (no Bronze in the guest). */
    static final String PLUMBING_CHECK = """
            arg() { tr ' ' '\\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
            slot=$(arg bronze.slot); version=$(arg bronze.version)
            if [ "$(arg bronze.e2e)" = hang ]; then
              bronze_log "plumbing: version $version hangs: the watchdog is armed and never fed"
              watchdog -T 15 -t 3600 /dev/watchdog
              sleep 3600
            fi
            """ + "%ESP%" + """
            dmi() { head -n 1 /sys/class/dmi/id/$1 2>/dev/null; }
            labels=
            if [ %CDROMS% -gt 0 ] && bronze_wait_for /dev/sr0 20; then
              for l in cidata "OVF ENV" %LABELS% config-2; do
                findfs "LABEL=$l" >/dev/null 2>&1 && labels="$labels$l,"
              done
            fi
            sha=-
            url=$(arg talos.config)
            if [ -n "$url" ]; then bronze_net_up >/dev/null 2>&1 && sha=$(bronze_http_get "$url" | sha256sum | cut -d' ' -f1); fi
            bronze_result node=0 slot="$slot" version="$version" outcome=plumbing platform=- source=- \\
              sys_vendor="$(dmi sys_vendor)" product_name="$(dmi product_name)" chassis_asset_tag="$(dmi chassis_asset_tag)" \\
              labels="$labels" userdata_sha256="$sha"
            """;

    /** What only a full kernel shows: Bronze's partitions, and the ESP (pure-Java FAT) mounted by Linux vfat. */
    static final String ESP_CHECK = """
            bronze_check partitions bronze_has_partition vda1 vda2
            mkdir -p /mnt/esp
            if bronze_check esp-vfat mount -t vfat -o ro /dev/vda1 /mnt/esp; then
              s=$(tr ' ' '\\n' < /proc/cmdline | sed -n 's/^bronze.slot=//p' | tail -n 1)
              bronze_result esp_kernel_sha256="$(sha256sum /mnt/esp/bronze/$s/vmlinuz 2>/dev/null | cut -d' ' -f1)"
              umount /mnt/esp
            fi
            """;

    private final Harness h;
    private final Row row;
    private final Path dir;
    private final RandomGenerator random;
    private final List<Step> steps = new ArrayList<>();
    private Simulators sims;
    private Path image;
    private String baseArgs;

    public Scenario(Harness h, Row row, Path dir, RandomGenerator random) {
        this.h = h;
        this.row = row;
        this.dir = dir;
        this.random = random;
    }

    /** Runs every step; never throws for a step's failure (it is reported), only when the row cannot be set up at all. */
    public Report.RowResult run() {
        long t0 = System.nanoTime();
        try {
            clean(dir);
            Files.createDirectories(dir);
            sims = Simulators.start(row, Identity.fresh(row, random), dir);
            try {
                image = dir.resolve("disk.img");
                Files.deleteIfExists(image);
                Files.deleteIfExists(dir.resolve("vars.fd"));
                baseArgs = "console=" + row.console() + " panic=1"
                        + (row.platform().equals("metal") ? " talos.config=" + sims.configUrl() : "");
                steps();
            } finally {
                sims.close();
            }
        } catch (IOException | RuntimeException e) {
            steps.add(Step.host(row.id(), "setup", "simulators, payloads and tools ready", 0,
                    List.of(e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
        return new Report.RowResult(row, steps, (System.nanoTime() - t0) / 1e9);
    }

    /** A row's folder holds only what its last run made: logs of an earlier run must not be mistaken for this one's. */
    private static void clean(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return;
        }
        try (var s = Files.walk(d)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(d)) {
                    Files.delete(p);
                }
            }
        }
    }

    private void steps() throws IOException {
        String arch = row.arch();
        Path kernel = h.kernel(arch);
        List<String> install = new ArrayList<>(List.of("install", "--image", image.toString(), "--size", "1GiB",
                "--bootloader", row.bootloader(), "--kernel", kernel.toString(),
                "--initrd", h.initrd(arch, "1", Behaviour.OK).toString(), "--version", "1", "--cmdline", args("1", Behaviour.OK)));
        if (!arch.equals(Harness.hostArch())) {
            install.addAll(List.of("--arch", arch, "--systemd-boot", h.systemdBoot(arch).toString()));
        }
        if (!host("install-1", "bronze install (no --platform) writes 1 into A", install)) {
            return;
        }
        if (!boot("boot-1", new Expect("A", "1", GOOD, true), BootMode.single(), Map.of())) {
            return;
        }
        if (!row.fullScenario()) {
            if (h.plumbing()) {
                return;  // the busybox guest asks the services nothing; the node agent does
            }
            List<String> seen = sims.verifyServed();
            steps.add(Step.host(row.id(), "simulator-saw", "the " + row.platform() + " services saw the guest's requests"
                    + (row.platform().equals("azure") ? " and an accepted Ready report" : ""), 0, seen));
            return;
        }
        if (row.liveUpgrade()) {
            String kUrl = sims.publish("/payload/2/vmlinuz", kernel);
            String iUrl = sims.publish("/payload/2/initrd", h.initrd(arch, "2", Behaviour.OK));
            Map<String, String> node = Map.of("upgrade.kernel", kUrl, "upgrade.initrd", iUrl, "upgrade.version", "2",
                    "upgrade.tries", Integer.toString(TRIES));
            if (h.plumbing()) {
                // The busybox guest cannot upgrade itself: the host does, as on the other rows.
                if (!upgrade("2", Behaviour.OK)
                        || !boot("boot-2", new Expect("B", "2", Set.of("confirmed"), true).asTrial(), BootMode.single(), Map.of())) {
                    return;
                }
            } else if (!liveUpgrade(node)
                    || !boot("boot-2", new Expect("B", "2", Set.of("confirmed"), true).asTrial(), BootMode.single(), Map.of())) {
                return;
            }
        } else if (!upgrade("2", Behaviour.OK)
                || !boot("boot-2", new Expect("B", "2", Set.of("confirmed"), true).asTrial(), BootMode.single(), Map.of())) {
            return;
        }
        if (!host("rollback", "bronze rollback makes A (1) next", List.of("rollback", "--image", image.toString()))) {
            return;
        }
        if (!boot("boot-rollback", new Expect("A", "1", GOOD, true), BootMode.single(), Map.of())) {
            return;
        }
        if (!upgrade("3", Behaviour.PANIC)) {
            return;
        }
        // One QEMU run, no -no-reboot: the kernel reboots itself (panic=1) and the bootloader counts.
        if (!boot("panic-3-falls-back", new Expect("A", "1", FALLBACK, true).panics(TRIES), BootMode.resets(1), Map.of())) {
            return;
        }
        if (!upgrade("4", Behaviour.HANG)) {
            return;
        }
        // 4 boots twice (the watchdog boot-check armed resets it each time), then 1 by itself.
        if (!boot("hang-4-falls-back", new Expect("A", "1", FALLBACK, true), BootMode.resets(TRIES + 1), Map.of())) {
            return;
        }
        status("status-after", "B is bad, A is next and good");
    }

    private String args(String version, Behaviour b) {
        // The node initramfs knows its version (/etc/bronze/version); the plumbing guest reads it here.
        return baseArgs + (h.plumbing() ? " bronze.version=" + version + (b == Behaviour.HANG ? " bronze.e2e=hang" : "") : "");
    }

    private boolean upgrade(String version, Behaviour b) throws IOException {
        return host("upgrade-" + version + (b == Behaviour.OK ? "" : "-" + b.id()),
                "bronze upgrade --tries " + TRIES + " writes " + version + (b == Behaviour.OK ? "" : " (" + b.id() + "s)") + " into the other slot",
                List.of("upgrade", "--image", image.toString(), "--kernel", h.kernel(row.arch()).toString(),
                        "--initrd", h.initrd(row.arch(), version, b).toString(), "--version", version,
                        "--tries", Integer.toString(TRIES), "--cmdline", args(version, b)));
    }

    private boolean host(String name, String expected, List<String> args) throws IOException {
        CliOutcome o = h.cli(dir.resolve(name + ".log"), args);
        List<String> problems = o.exitCode() == 0 ? List.of()
                : List.of("exit " + o.exitCode() + ": " + tail(o.output(), 3) + " (log: " + dir.resolve(name + ".log") + ")");
        steps.add(Step.host(row.id(), name, expected, o.seconds(), problems));
        return problems.isEmpty();
    }

    private void status(String name, String expected) throws IOException {
        CliOutcome o = h.cli(dir.resolve(name + ".log"), List.of("status", "--image", image.toString(), "--json"));
        List<String> problems = new ArrayList<>();
        if (o.exitCode() != 0) {
            problems.add("bronze status exit " + o.exitCode());
        } else {
            String json = o.output().substring(o.output().indexOf('{'));
            var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            if (!"A".equals(doc.path("next").asText())) {
                problems.add("next is " + doc.path("next").asText() + ", not A");
            }
            for (var s : doc.path("slots")) {
                String want = s.path("name").asText().equals("A") ? "good" : "bad";
                if (!want.equals(s.path("state").asText())) {
                    problems.add("slot " + s.path("name").asText() + " is " + s.path("state").asText() + ", not " + want);
                }
            }
        }
        steps.add(Step.host(row.id(), name, expected, o.seconds(), problems));
    }

    /** How a QEMU run ends: one boot with {@code -no-reboot}, or several resets judged by their count. */
    record BootMode(boolean noReboot, int expectBoots) {
        static BootMode single() {
            return new BootMode(true, 1);
        }

        static BootMode resets(int boots) {
            return new BootMode(false, boots);
        }
    }

    /** What the last result line of a run must say. */
    record Expect(String slot, String version, Set<String> outcomes, boolean detect, int panics, boolean trial) {
        Expect(String slot, String version, Set<String> outcomes, boolean detect) {
            this(slot, version, outcomes, detect, 0, false);
        }

        Expect panics(int n) {
            return new Expect(slot, version, outcomes, detect, n, trial);
        }

        /** The boot must be a trial (trial=yes): a fresh upgrade's first boot. */
        Expect asTrial() {
            return new Expect(slot, version, outcomes, detect, panics, true);
        }

        String describe(Row row, boolean plumbing) {
            return "slot " + slot + " version " + version
                    + (plumbing ? "" : " " + String.join("|", outcomes.stream().sorted().toList()) + (trial ? " (trial)" : ""))
                    + (detect && !plumbing ? " on " + row.platform() + " (detected)" : "") + (panics > 0 ? " after " + panics + " panics" : "");
        }
    }

    private List<String> guestArgs(BootMode mode, Map<String, String> node) throws IOException {
        List<String> a = new ArrayList<>(List.of("--arch", row.arch(), "--firmware", row.firmware() == Row.Firmware.BIOS ? "bios" : "uefi",
                "--disk", image.toAbsolutePath().toString(), "--memory", "1024", "--watchdog"));
        if (row.firmware() == Row.Firmware.UEFI) {
            a.addAll(List.of("--ovmf-vars", dir.resolve("vars.fd").toAbsolutePath().toString()));
        }
        for (Path iso : sims.cdroms()) {
            a.addAll(List.of("--cdrom", iso.toAbsolutePath().toString()));
        }
        for (String s : sims.smbios()) {
            a.addAll(List.of("--smbios", s));
        }
        if (!sims.forwards().isEmpty()) {
            a.addAll(List.of("--nic", sims.nic(h.script("relay"))));
        } else {
            a.addAll(List.of("--nic", "user,net=" + Simulators.NET + ",restrict=on"));
        }
        StringBuilder cfg = new StringBuilder("watchdog.timeout=" + WATCHDOG_TIMEOUT + "\n");
        node.forEach((k, v) -> cfg.append(k).append('=').append(v).append('\n'));
        Path nodeFile = dir.resolve("node.cfg");
        Files.writeString(nodeFile, cfg.toString(), StandardCharsets.UTF_8);
        a.addAll(List.of("--fw-cfg", "opt/bronze/node=" + nodeFile.toAbsolutePath()));
        Path check = dir.resolve("check.sh");
        if (h.plumbing()) {
            Files.writeString(check, PLUMBING_CHECK.replace("%ESP%", ESP_CHECK).replace("%LABELS%", IsoImages.AZURE)
                    .replace("%CDROMS%", Integer.toString(sims.cdroms().size())), StandardCharsets.UTF_8);
        } else {
            // The node initramfs's own boot is its built-in check (/bronze/check.sh); fw_cfg's check
            // replaces it, so this one looks at the disk first and then hands over to it.
            Files.writeString(check, ESP_CHECK + "\n# The node's own boot: NIC, then Bronze's agent in-process.\n. /bronze/check.sh\n",
                    StandardCharsets.UTF_8);
        }
        a.addAll(List.of("--check", check.toAbsolutePath().toString()));
        if (mode.noReboot()) {
            a.add("--no-reboot");
        }
        a.addAll(List.of("--expect-boots", Integer.toString(mode.expectBoots())));
        return a;
    }

    private int timeout(BootMode mode) {
        // Under TCG on a shared 2-core machine a boot with the JVM agent took up to 230 s (amd64).
        int perBoot = row.arch().equals("arm64") ? 1200 : 480;
        return perBoot * Math.max(1, mode.expectBoots() + (mode.noReboot() ? 0 : TRIES));
    }

    private boolean boot(String name, Expect e, BootMode mode, Map<String, String> node) throws IOException {
        Path serial = dir.resolve(name + ".serial.log");
        GuestOutcome o = h.guest(guestArgs(mode, node), serial, timeout(mode));
        List<String> problems = new ArrayList<>(judgeRun(o));
        List<Map<String, String>> results = h.plumbing() ? List.of(o.results()) : o.nodeResults();
        Map<String, String> last = results.isEmpty() ? Map.of() : results.get(results.size() - 1);
        if (results.isEmpty() || !last.containsKey("slot")) {
            problems.add("the guest printed no result line");
        } else {
            problems.addAll(judgeResult(last, e));
        }
        if (!h.plumbing()) {
            String k = o.results().get("esp_kernel_sha256");
            if (k == null || !k.equals(Identity.sha256(Files.readAllBytes(h.kernel(row.arch()))))) {
                problems.add("the ESP's vmlinuz of the booted slot has sha256 " + k + ", not the installed kernel's");
            }
        }
        if (e.panics() > 0 && o.panics() != e.panics()) {
            problems.add(o.panics() + " kernel panics on the console, expected " + e.panics());
        }
        if (problems.isEmpty() && h.plumbing() && "B".equals(e.slot())) {
            // No Bronze in the plumbing guest: the host confirms the trial it booted.
            CliOutcome c = h.cli(dir.resolve(name + "-confirm.log"), List.of("confirm", "--image", image.toString()));
            if (c.exitCode() != 0) {
                problems.add("bronze confirm exit " + c.exitCode() + ": " + tail(c.output(), 2));
            }
        }
        steps.add(new Step(row.id(), name, e.describe(row, h.plumbing()), last.getOrDefault("slot", "-"), last.getOrDefault("version", "-"),
                last.getOrDefault("platform", "-"), last.getOrDefault("source", "-"), (int) o.boots(), o.seconds(), problems,
                serial.toString()));
        return problems.isEmpty();
    }

    /**
     * The live-node path: 1 confirms, downloads 2 from the config server, upgrades the running node
     * and reboots itself (reboot(2); {@code -no-reboot} turns that into QEMU's exit, so the
     * instructions that asked for the upgrade are not handed to the trial's boot again).
     */
    private boolean liveUpgrade(Map<String, String> node) throws IOException {
        String name = "live-upgrade-2";
        Path serial = dir.resolve(name + ".serial.log");
        BootMode mode = BootMode.single();
        GuestOutcome o = h.guest(guestArgs(mode, node), serial, timeout(mode));
        List<String> problems = new ArrayList<>(judgeRun(o));
        List<Map<String, String>> results = o.nodeResults();
        Map<String, String> last = results.isEmpty() ? Map.of() : results.get(results.size() - 1);
        if (results.isEmpty()) {
            problems.add("the guest printed no result line");
        } else {
            problems.addAll(judgeResult(last, new Expect("A", "1", Set.of("upgraded"), true)));
        }
        if (sims.forwards().get(Simulators.CONFIG_ADDRESS).count("GET", "/payload/2/initrd") == 0) {
            problems.add("the guest never downloaded the payload");
        }
        steps.add(new Step(row.id(), name, "1 confirms, downloads 2, upgrades itself (live node) and reboots",
                last.getOrDefault("slot", "-"), last.getOrDefault("version", "-"), last.getOrDefault("platform", "-"),
                last.getOrDefault("source", "-"), (int) o.boots(), o.seconds(), problems, serial.toString()));
        return problems.isEmpty();
    }

    private List<String> judgeRun(GuestOutcome o) {
        List<String> p = new ArrayList<>();
        if (o.exitCode() != 0) {
            p.add("guest-run exit " + o.exitCode() + ": " + o.summary() + (o.stderr().isBlank() ? "" : " — " + tail(o.stderr(), 2)));
        }
        o.failedChecks().forEach(c -> p.add("check " + c.name() + " failed: " + c.detail()));
        return p;
    }

    List<String> judgeResult(Map<String, String> r, Expect e) throws IOException {
        List<String> p = new ArrayList<>();
        expect(p, "slot", e.slot(), r.get("slot"));
        expect(p, "version", e.version(), r.get("version"));
        Identity id = sims.identity();
        if (h.plumbing()) {
            // No detection in the plumbing guest: check that the platform's evidence reached it.
            String k = r.get("esp_kernel_sha256");
            if (k == null || !k.equals(Identity.sha256(Files.readAllBytes(h.kernel(row.arch()))))) {
                p.add("the ESP's vmlinuz of slot " + e.slot() + " has sha256 " + k + ", not the kernel's");
            }
            for (Path iso : sims.cdroms()) {
                String label = switch (iso.getFileName().toString()) {
                    case "cidata.iso" -> IsoImages.CIDATA;
                    case "azure-provisioning.iso" -> IsoImages.AZURE;
                    default -> IsoImages.VMWARE;
                };
                if (!(r.getOrDefault("labels", "")).contains(label)) {
                    p.add("the guest's blkid does not show the label " + label + ": " + r.get("labels"));
                }
            }
            if (row.platform().equals("metal")) {
                expect(p, "userdata_sha256", id.userDataSha256(), r.get("userdata_sha256"));
            }
            sims.smbios().stream().filter(x -> x.startsWith("type=1,")).findFirst()
                    .flatMap(x -> smbiosField(x, "manufacturer"))
                    .ifPresent(vendor -> expect(p, "sys_vendor", vendor, r.get("sys_vendor")));
            return p;
        }
        if (e.trial() && !"yes".equals(r.get("trial"))) {
            p.add("trial=" + r.get("trial") + ", expected yes (the upgrade's first boot)");
        }
        if (!e.outcomes().contains(r.get("outcome"))) {
            p.add("outcome " + r.get("outcome") + ", expected " + String.join("|", e.outcomes()));
        }
        if (e.detect()) {
            expect(p, "platform", row.platform(), r.get("platform"));
            // Nothing told the guest its platform (no --platform, no talos.platform=): every row, metal
            // too (its evidence is talos.config= on the command line, wt/coldstart), must say detected.
            expect(p, "source", "detected", r.get("source"));
            expect(p, "userdata_sha256", id.userDataSha256(), r.get("userdata_sha256"));
            if (!row.platform().equals("metal")) {
                expect(p, "instance_id", id.instanceId(), r.get("instance_id"));
                expect(p, "hostname", id.hostname(), r.get("hostname"));
            }
        }
        return p;
    }

    /** A field of a QEMU {@code -smbios} spec, its doubled commas undone. */
    static java.util.Optional<String> smbiosField(String spec, String key) {
        for (String part : spec.replace(",,", "\u0000").split(",")) {
            if (part.startsWith(key + "=")) {
                return java.util.Optional.of(part.substring(key.length() + 1).replace('\u0000', ','));
            }
        }
        return java.util.Optional.empty();
    }

    private static void expect(List<String> p, String key, String want, String got) {
        if (!want.equals(got)) {
            p.add(key + "=" + got + ", expected " + want);
        }
    }

    private static String brief(Map<String, String> r) {
        return "slot=" + r.get("slot") + " version=" + r.get("version") + " outcome=" + r.get("outcome");
    }

    static String tail(String s, int lines) {
        List<String> l = s.lines().filter(x -> !x.isBlank()).toList();
        return String.join(" / ", l.subList(Math.max(0, l.size() - lines), l.size()));
    }
}
