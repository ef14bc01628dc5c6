package dev.bronze.installer;

import dev.bronze.bootloader.ab.AbController;
import dev.bronze.bootloader.ab.AbStateJson;
import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotInfo;
import dev.bronze.bootloader.esp.EspFiles;
import dev.bronze.bootloader.grub.GrubBiosInstaller;
import dev.bronze.bootloader.grub.GrubImage;
import dev.bronze.bootloader.meta.MetaKey;
import dev.bronze.bootloader.meta.MetaStore;
import dev.bronze.bootloader.trust.PayloadManifest;
import dev.bronze.bootloader.trust.PayloadVerifier;
import dev.bronze.bootloader.trust.TrustKey;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.disk.layout.MkfsFormatter;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.hardware.disk.layout.PlanApplier;
import dev.bronze.hardware.disk.layout.PlannedPartition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Install, upgrade, confirm, reject and rollback on a disk or image: the partition plan, the
 * pure-Java FAT, the bootloader backend and META together. A library API first: init and the
 * command line call the same methods.
 */
public final class Installer {

    /** What {@code install} writes. */
    public record InstallRequest(BootloaderKind bootloader, BootPayload payload, String version, String cmdline,
            Optional<TrustKey> trustKey) {
    }

    private final BootTools tools;
    private final Clock clock;
    private final SysRoot sys;
    private final Consumer<String> progress;
    private final Optional<SecureBootPolicy> secureBoot;

    public Installer(BootTools tools, Clock clock, SysRoot sys, Consumer<String> progress) {
        this(tools, clock, sys, progress, Optional.empty());
    }

    private Installer(BootTools tools, Clock clock, SysRoot sys, Consumer<String> progress, Optional<SecureBootPolicy> secureBoot) {
        this.tools = tools;
        this.clock = clock;
        this.sys = sys;
        this.progress = progress;
        this.secureBoot = secureBoot;
    }

    /** The same installer, refusing EFI binaries that {@code policy} would not let the firmware start. */
    public Installer withSecureBoot(Optional<SecureBootPolicy> policy) {
        return new Installer(tools, clock, sys, progress, policy);
    }

    public Optional<SecureBootPolicy> secureBoot() {
        return secureBoot;
    }

    /**
     * With a Secure Boot policy: refuses (exit 4) an install the firmware would not start, before
     * anything is written. {@link #install} checks it too; callers that create an image first
     * call it earlier.
     */
    public void requireStartable(InstallRequest req) throws IOException {
        if (secureBoot.isEmpty()) {
            return;
        }
        switch (req.bootloader()) {
            case SD_BOOT -> {
                secureBoot.get().requireStartable(tools.systemdBootEfi(), "systemd-boot");
                requireStartable(req.payload());
            }
            case GRUB -> throw new InstallerException(ExitCode.REFUSED, "Secure Boot is enforced (" + secureBoot.get().source()
                    + "): GRUB as Bronze builds it (grub-mkimage) is unsigned and has no shim; install systemd-boot "
                    + "(--bootloader sd-boot) with signed binaries; nothing was written");
            default -> {
                // Legacy BIOS and the Raspberry Pi's firmware have no UEFI Secure Boot.
            }
        }
    }

    private void requireStartable(BootPayload payload) throws IOException {
        if (payload instanceof BootPayload.Uki u) {
            secureBoot.get().requireStartable(u.uki(), "the UKI");
        } else if (payload instanceof BootPayload.Kernel k) {
            // systemd-boot starts a Type #1 entry's kernel through LoadImage: the firmware checks its
            // EFI stub like any image (the initrd is not checked by systemd-boot 252).
            secureBoot.get().requireStartable(k.kernel(), "the kernel");
        }
    }

    /**
     * Partitions and formats per {@code plan}, writes META's trust key, installs slot A and the
     * bootloader, and mirrors the state into META.
     *
     * <p>Write order, for power cuts: the wipe first retires whatever was on the disk; then the
     * table, the filesystems, the trust key, the payload and the bootloader's state; the entry
     * point the firmware starts (EFI/BOOT/BOOT&lt;ARCH&gt;.EFI, for legacy BIOS GRUB's code in the
     * MBR after its core, config.txt on the Raspberry Pi) comes last. A cut before it leaves a disk
     * the firmware passes over and {@code status} calls an incomplete install; install again.
     */
    public AbStatus install(BlockDevice dev, Plan plan, InstallRequest req, boolean reproducible) throws IOException {
        requireStartable(req);
        Clock fatClock = reproducible ? FatPartitionFormatter.reproducibleClock() : clock;
        PlanApplier applier = new PlanApplier(new MkfsFormatter(tools.workDir()).preferring(new FatPartitionFormatter(fatClock)),
                sys, progress);
        applier.apply(dev, plan, reproducible);
        BootDisk disk = BootDisk.open(dev);
        EspFiles esp = disk.esp(fatClock);
        Optional<MetaStore> meta = disk.meta();
        if (req.trustKey().isPresent()) {
            // Before anything can boot: a cut must never leave a bootable install that accepts unsigned upgrades.
            if (meta.isEmpty()) {
                throw new InstallerException("the layout has no META partition to keep the trust key in");
            }
            meta.get().set(MetaKey.BRONZE_TRUST_KEY, req.trustKey().get().toPem());
            meta.get().set(MetaKey.BRONZE_TRUST_KEY_FINGERPRINT, req.trustKey().get().fingerprint());
        }
        Optional<Path> efiCore = Optional.empty();
        Optional<byte[]> biosCore = Optional.empty();
        BootDisk.Region bios = null;
        if (req.bootloader() == BootloaderKind.GRUB || req.bootloader() == BootloaderKind.GRUB_BIOS) {
            String uuid = plan.partitions().stream().filter(p -> p.label().equals("EFI")).map(PlannedPartition::filesystemId)
                    .findFirst().orElseThrow(() -> new InstallerException("the layout has no EFI partition for GRUB"));
            Files.createDirectories(tools.workDir());
            efiCore = Optional.of(tools.grub().build(tools.grubEfiTarget(), uuid, tools.workDir().resolve("grub-core.efi"),
                    tools.workDir()));
            if (req.bootloader() == BootloaderKind.GRUB_BIOS) {
                bios = disk.partitions().bios().orElseThrow(
                        () -> new InstallerException("grub-bios needs a layout with a BIOS boot partition (--layout bios)"));
                biosCore = Optional.of(Files.readAllBytes(tools.grub().build(GrubImage.Target.I386_PC, uuid,
                        tools.workDir().resolve("grub-core.img"), tools.workDir())));
            }
        }
        progress.accept("installing " + req.bootloader().id() + " and "
                + (req.version() == null ? "the UKI's own version" : "version " + req.version()) + " into slot A");
        AbController ab = new AbController(disk.backend(req.bootloader(), esp, tools, efiCore), Optional.empty());
        ab.install(req.payload(), req.version(), req.cmdline());
        if (biosCore.isPresent()) {
            // The legacy BIOS's view switches last: core.img, then the MBR code that jumps to it.
            progress.accept("writing GRUB's BIOS boot code into the MBR and the BIOS boot partition");
            GrubBiosInstaller.install(dev, bios.firstLba(), bios.sectors(), Files.readAllBytes(tools.grubBootImg()),
                    biosCore.get());
        }
        if (meta.isPresent()) {
            mirror(meta.get(), ab.status());
        }
        dev.flush();
        return ab.status();
    }

    /** An installed disk, ready for the A/B operations. */
    public Session open(BlockDevice dev, Optional<Slot> booted) throws IOException {
        return open(BootDisk.open(dev), booted);
    }

    public Session open(BootDisk disk, Optional<Slot> booted) throws IOException {
        EspFiles esp = disk.esp(clock);
        return new Session(disk, esp, disk.controller(esp, tools, booted), () -> { });
    }

    /**
     * A disk whose boot partition is worked through {@code esp} rather than the pure-Java FAT — the
     * mounted ESP of a running node ({@link LiveNode}). {@code release} runs when the session is
     * closed (unmounting what was mounted for it), before the disk is closed.
     */
    public Session open(BootDisk disk, EspFiles esp, Optional<Slot> booted, java.io.Closeable release) throws IOException {
        return new Session(disk, esp, disk.controller(esp, tools, booted), release);
    }

    /** The A/B operations on one opened disk. */
    public final class Session implements java.io.Closeable {
        private final BootDisk disk;
        private final EspFiles esp;
        private final AbController ab;
        private final java.io.Closeable release;
        private boolean closed;

        Session(BootDisk disk, EspFiles esp, AbController ab, java.io.Closeable release) {
            this.disk = disk;
            this.esp = esp;
            this.ab = ab;
            this.release = release;
        }

        /** Where the boot partition's files are: a mount point on a live node, else the FAT on the disk. */
        public String espLocation() {
            return esp.describe();
        }

        /** The disk or image the session works on. */
        public String diskName() {
            return disk.device().name();
        }

        public AbStatus status() throws IOException {
            return ab.status();
        }

        public Optional<TrustKey> trustKey() throws IOException {
            Optional<MetaStore> meta = disk.meta();
            if (meta.isEmpty()) {
                return Optional.empty();
            }
            return meta.get().read().get(MetaKey.BRONZE_TRUST_KEY).map(TrustKey::parsePem);
        }

        /** Verifies the payload against the disk's trust key first: nothing is written when that fails. */
        public SlotInfo upgrade(BootPayload payload, String version, String cmdline, int tries, Optional<Path> signature)
                throws IOException {
            PayloadManifest manifest = payload instanceof BootPayload.Kernel k
                    ? PayloadManifest.ofKernel(k.kernel(), k.initrd())
                    : PayloadManifest.ofUki(((BootPayload.Uki) payload).uki());
            new PayloadVerifier(trustKey()).verify(manifest, signature);
            if (secureBoot.isPresent() && BootDisk.recognise(esp, disk.partitions().bios().isPresent())
                    .filter(k -> k == BootloaderKind.SD_BOOT).isPresent()) {
                requireStartable(payload);
            }
            AbStatus before = ab.status();
            SlotInfo trial = ab.upgrade(payload, version, cmdline, tries);
            if (trial.payload() == SlotInfo.PayloadKind.UKI && trial.cmdline().stream().noneMatch(a -> a.startsWith("panic="))) {
                // Not refused: the UKI is sealed (and maybe signed) and a hardware watchdog may reset
                // the machine instead. Without either, a panicking trial halts until someone resets it.
                progress.accept("warning: the UKI's .cmdline has no panic=: a kernel panic in the trial halts the machine "
                        + "instead of rebooting into the next try (build the UKI with panic=10, or rely on a hardware watchdog)");
            }
            // The files must still be what was verified: refuse a payload that changed underneath.
            if (!manifest.unchanged()) {
                throw new InstallerException(ExitCode.REFUSED, "the payload files changed while they were being installed");
            }
            Optional<MetaStore> meta = disk.meta();
            if (meta.isPresent()) {
                meta.get().set(MetaKey.UPGRADE, before.state().fallback().orElse(trial.slot().other()).name());
                mirror(meta.get(), ab.status());
            }
            disk.device().flush();
            return trial;
        }

        public Optional<Slot> confirm() throws IOException {
            Optional<Slot> s = ab.confirm();
            afterChange(true);
            return s;
        }

        public Slot reject() throws IOException {
            Slot s = ab.reject();
            afterChange(true);
            return s;
        }

        public Slot rollback() throws IOException {
            Slot s = ab.rollback();
            afterChange(true);
            return s;
        }

        /**
         * After a trial was confirmed or rejected through {@link #controller()} (as {@code BootCheck}
         * does): the bookkeeping {@link #confirm}/{@link #reject} do — the pending upgrade cleared,
         * META's mirror of the slots brought up to date — and the disk flushed.
         */
        public void trialEnded() throws IOException {
            afterChange(true);
        }

        public Optional<MetaStore> meta() throws IOException {
            return disk.meta();
        }

        public AbController controller() {
            return ab;
        }

        /** Releases the ESP (unmounts what was mounted for the session), then closes the disk or image. */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                release.close();
            } finally {
                disk.device().close();
            }
        }

        private void afterChange(boolean clearUpgrade) throws IOException {
            Optional<MetaStore> meta = disk.meta();
            if (meta.isPresent()) {
                if (clearUpgrade) {
                    meta.get().delete(MetaKey.UPGRADE.tag());
                }
                mirror(meta.get(), ab.status());
            }
            disk.device().flush();
        }
    }

    /** META keeps a copy of the A/B state for the OS; the bootloader's own state stays authoritative. */
    static void mirror(MetaStore meta, AbStatus status) throws IOException {
        meta.set(MetaKey.BRONZE_SLOTS.tag(), AbStateJson.write(status.state()).getBytes(StandardCharsets.UTF_8));
    }
}
