package dev.bronze.testing.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Boots one QEMU guest through {@code src/e2e/guest-run} and returns what its check script
 * reported. Tests that use it carry {@code @Tag("qemu")}.
 *
 * <pre>{@code
 * GuestRun run = QemuGuest.builder(dir)
 *         .disk(QemuGuest.Disk.virtio(image))
 *         .check("bronze_check parts bronze_has_partition vda1")
 *         .run();
 * assertThat(run.passed()).as(run.describe()).isTrue();
 * }</pre>
 *
 * <p>Without a kernel, guest-run boots the toolkit's own (Debian's kernel from fetch-kernel, the
 * busybox initramfs from build-initramfs, both cached). The check script is handed to the guest
 * through fw_cfg, so one cached initramfs serves every test.
 */
public final class QemuGuest {

    /** How the guest starts: {@code -kernel} under SeaBIOS, SeaBIOS from the disks, or OVMF. */
    public enum Firmware {
        DIRECT, BIOS, UEFI
    }

    /** The controller a disk hangs on (the guest sees vdX, sdX or nvmeXnY). */
    public enum Bus {
        VIRTIO, AHCI, SCSI, NVME
    }

    /** One disk: an image file, its bus, its logical sector size (512 or 4096), read-only or not. */
    public record Disk(Path file, Bus bus, int sectorSize, boolean readOnly, String serial) {
        public Disk {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(bus, "bus");
            if (sectorSize != 512 && sectorSize != 4096) {
                throw new IllegalArgumentException("sector size 512 or 4096, got " + sectorSize);
            }
            if (serial != null && !serial.matches("[A-Za-z0-9._-]{1,20}")) {
                throw new IllegalArgumentException("disk serial: 1-20 of [A-Za-z0-9._-], got " + serial);
            }
        }

        public static Disk virtio(Path file) {
            return new Disk(file, Bus.VIRTIO, 512, false, null);
        }

        public Disk on(Bus newBus) {
            return new Disk(file, newBus, sectorSize, readOnly, serial);
        }

        public Disk sectorSize(int bytes) {
            return new Disk(file, bus, bytes, readOnly, serial);
        }

        public Disk asReadOnly() {
            return new Disk(file, bus, sectorSize, true, serial);
        }

        public Disk serial(String s) {
            return new Disk(file, bus, sectorSize, readOnly, s);
        }

        String spec() {
            StringBuilder b = new StringBuilder(file.toAbsolutePath().toString());
            if (b.indexOf(",") >= 0) {
                throw new IllegalArgumentException("QEMU cannot take a disk path with a comma: " + file);
            }
            b.append(",bus=").append(bus.name().toLowerCase(java.util.Locale.ROOT));
            if (bus != Bus.AHCI) {
                b.append(",sector=").append(sectorSize);
            } else if (sectorSize != 512) {
                throw new IllegalArgumentException("AHCI disks here have 512-byte sectors");
            }
            if (readOnly) {
                b.append(",ro");
            }
            if (serial != null) {
                b.append(",serial=").append(serial);
            }
            return b.toString();
        }
    }

    private final Builder b;

    private QemuGuest(Builder b) {
        this.b = b;
    }

    /** A builder whose scratch files (check script, serial log, UEFI variables) go into {@code workDir}. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** The guest-run command line this guest would run (for logs and for a person to rerun it). */
    public List<String> command() {
        List<String> c = new ArrayList<>();
        c.add(b.toolkit.script("guest-run").toString());
        c.add("--arch");
        c.add(b.toolkit.arch().debian());
        c.add("--firmware");
        c.add(b.firmware.name().toLowerCase(java.util.Locale.ROOT));
        if (b.kernel != null) {
            c.add("--kernel");
            c.add(b.kernel.toString());
        }
        if (b.initramfs != null) {
            c.add("--initrd");
            c.add(b.initramfs.toString());
        }
        if (b.append != null) {
            c.add("--append");
            c.add(b.append);
        }
        for (Disk d : b.disks) {
            c.add("--disk");
            c.add(d.spec());
        }
        for (Path iso : b.cdroms) {
            c.add("--cdrom");
            c.add(iso.toAbsolutePath().toString());
        }
        if (b.check != null) {
            c.add("--check");
            c.add(b.workDir.resolve("check.sh").toString());
        }
        for (String s : b.smbios) {
            c.add("--smbios");
            c.add(s);
        }
        for (String n : b.nics) {
            c.add("--nic");
            c.add(n);
        }
        if (b.watchdog) {
            c.add("--watchdog");
        }
        if (b.watchdogAction != null) {
            c.add("--watchdog-action");
            c.add(b.watchdogAction);
        }
        if (b.secureBoot) {
            c.add("--secure-boot");
        }
        if (b.noReboot) {
            c.add("--no-reboot");
        }
        if (b.expectBoots > 0) {
            c.add("--expect-boots");
            c.add(Integer.toString(b.expectBoots));
        }
        if (b.ovmfVars != null) {
            c.add("--ovmf-vars");
            c.add(b.ovmfVars.toString());
        }
        c.add("--memory");
        c.add(Integer.toString(b.memoryMiB));
        c.add("--timeout");
        c.add(Long.toString(b.timeout.toSeconds()));
        c.add("--serial");
        c.add(serialLog().toString());
        for (String a : b.qemuArgs) {
            c.add("--qemu-arg");
            c.add(a);
        }
        return c;
    }

    public Path serialLog() {
        return b.serialLog != null ? b.serialLog : b.workDir.resolve("serial.log");
    }

    /** Boots the guest and waits for it (at most the timeout plus a grace period). */
    public GuestRun run() throws IOException {
        Files.createDirectories(b.workDir);
        if (b.check != null) {
            Files.writeString(b.workDir.resolve("check.sh"), b.check, StandardCharsets.UTF_8);
        }
        Path out = b.workDir.resolve("guest-run.out");
        Path err = b.workDir.resolve("guest-run.err");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        try {
            // guest-run enforces the timeout itself; this only guards against a wedged script.
            if (!p.waitFor(b.timeout.toSeconds() + 120, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("guest-run did not end within " + b.timeout.plusSeconds(120));
            }
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the guest ran", e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String summary = stdout.lines().filter(l -> l.startsWith("GUEST-RUN ")).reduce((a, z) -> z).orElse("(no summary)");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        if (p.exitValue() == 2) {
            throw new IllegalArgumentException("guest-run refused its arguments: " + stderr.strip());
        }
        Path log = serialLog();
        List<GuestLine> lines = Files.exists(log) ? GuestProtocol.parse(Files.readAllBytes(log)) : List.of();
        return new GuestRun(p.exitValue(), lines, log, summary, stderr, elapsed);
    }

    /** Collects a guest's settings; every path is resolved when {@link #run()} starts. */
    public static final class Builder {
        private final Path workDir;
        private E2eToolkit toolkit = E2eToolkit.fromRepository();
        private Firmware firmware = Firmware.DIRECT;
        private Path kernel;
        private Path initramfs;
        private String append;
        private final List<Disk> disks = new ArrayList<>();
        private final List<Path> cdroms = new ArrayList<>();
        private final List<String> smbios = new ArrayList<>();
        private final List<String> nics = new ArrayList<>();
        private final List<String> qemuArgs = new ArrayList<>();
        private String check;
        private boolean watchdog;
        private String watchdogAction;
        private boolean noReboot;
        private boolean secureBoot;
        private int expectBoots;
        private int memoryMiB = 512;
        private Duration timeout = Duration.ofMinutes(5);
        private Path serialLog;
        private Path ovmfVars;

        private Builder(Path workDir) {
            this.workDir = workDir.toAbsolutePath();
        }

        /** The toolkit, and with it the guest's architecture ({@link E2eToolkit#forArch}). */
        public Builder toolkit(E2eToolkit t) {
            this.toolkit = Objects.requireNonNull(t);
            return this;
        }

        public Builder firmware(Firmware f) {
            this.firmware = Objects.requireNonNull(f);
            return this;
        }

        /** A kernel image for direct boot (default: the toolkit's Debian kernel). */
        public Builder kernel(Path k) {
            this.kernel = k.toAbsolutePath();
            return this;
        }

        public Builder initramfs(Path i) {
            this.initramfs = i.toAbsolutePath();
            return this;
        }

        /** The kernel command line of a direct boot; guest-run adds console= and panic= when absent. */
        public Builder append(String cmdline) {
            this.append = cmdline;
            return this;
        }

        public Builder disk(Disk d) {
            disks.add(Objects.requireNonNull(d));
            return this;
        }

        public Builder disk(Path image) {
            return disk(Disk.virtio(image));
        }

        public Builder cdrom(Path iso) {
            cdroms.add(iso.toAbsolutePath());
            return this;
        }

        /** The check script (busybox sh, with lib.sh's bronze_* helpers), given through fw_cfg. */
        public Builder check(String script) {
            this.check = script;
            return this;
        }

        /** {@code -smbios} as QEMU takes it, e.g. {@code type=1,manufacturer=Amazon EC2}. */
        public Builder smbios(String spec) {
            smbios.add(spec);
            return this;
        }

        /** A user-mode NIC, e.g. {@code user,net=168.0.0.0/7,guestfwd=tcp:169.254.169.254:80-cmd:RELAY}. */
        public Builder nic(String spec) {
            nics.add(spec);
            return this;
        }

        /** An i6300esb watchdog; QEMU resets the guest when it fires unless an action is given. */
        public Builder watchdog() {
            this.watchdog = true;
            return this;
        }

        public Builder watchdogAction(String action) {
            this.watchdog = true;
            this.watchdogAction = action;
            return this;
        }

        /** A guest reset (reboot, panic=N, watchdog) ends QEMU instead of booting again. */
        /** UEFI with Secure Boot enforced: OVMF's secboot build, the snakeoil key in db (guest-run --secure-boot). */
        public Builder secureBoot() {
            this.secureBoot = true;
            return this;
        }

        public Builder noReboot() {
            this.noReboot = true;
            return this;
        }

        /** The run fails unless the guest booted exactly this many times. */
        public Builder expectBoots(int n) {
            this.expectBoots = n;
            return this;
        }

        public Builder memoryMiB(int mib) {
            this.memoryMiB = mib;
            return this;
        }

        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        public Builder serialLog(Path p) {
            this.serialLog = p.toAbsolutePath();
            return this;
        }

        /** UEFI variables kept across runs (created from OVMF's template when absent). */
        public Builder ovmfVars(Path p) {
            this.ovmfVars = p.toAbsolutePath();
            return this;
        }

        public Builder qemuArg(String arg) {
            qemuArgs.add(arg);
            return this;
        }

        public QemuGuest build() {
            if (firmware == Firmware.BIOS && disks.isEmpty()) {
                throw new IllegalStateException("BIOS boot needs a disk to boot from");
            }
            if (firmware == Firmware.UEFI && kernel == null && disks.isEmpty() && cdroms.isEmpty()) {
                throw new IllegalStateException("UEFI boot needs a kernel or a disk to boot from");
            }
            return new QemuGuest(this);
        }

        public GuestRun run() throws IOException {
            return build().run();
        }
    }

}
