package dev.bronze.installer.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotInfo;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.bootloader.efi.EfiVariables;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.hardware.disk.layout.PlannedPartition;
import dev.bronze.installer.BootDisk;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.BootedSlot;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.testing.DiskPeers;
import dev.bronze.testing.qemu.E2eToolkit;
import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Type #2 UKIs booted for real: Debian's kernel and the toolkit's busybox initramfs sealed into
 * UKIs by build-uki (objcopy onto Debian's systemd-stub), installed by Bronze, started by
 * systemd-boot 252 under OVMF. The guest reports what sd-boot says it started
 * ({@code LoaderEntrySelected}) and the version sealed into the UKI's command line; the host
 * feeds those EFI variables to {@link BootedSlot}. Six boots: 1 after install; 2 as a trial whose
 * counter goes down in its file name, then confirmed; 1 after a rollback (which sd-boot's own order,
 * version 2 before 1, would get wrong); a UKI that panics twice, then 1 again by itself.
 */
@Tag("qemu")
class UkiBootQemuTest {

    static final String CHECK = """
            arg() { tr ' ' '\\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
            efivar() { tail -c +5 "/sys/firmware/efi/efivars/$1-GUID" 2>/dev/null | tr -d '\\000'; }
            bronze_result version="$(arg bronze.version)" entry="$(efivar LoaderEntrySelected)" \\
                partuuid="$(efivar LoaderDevicePartUUID)" countpath="$(efivar LoaderBootCountPath)" uname="$(uname -r)"
            mkdir -p /mnt/esp
            bronze_check esp-vfat mount -t vfat -o ro /dev/vda1 /mnt/esp
            bronze_result ukis="$(ls /mnt/esp/EFI/Linux | tr '\\n' ',')"
            umount /mnt/esp
            """.replace("GUID", EfiVariables.LOADER_GUID);

    @TempDir
    Path dir;

    Path image;
    Plan plan;
    Installer installer;
    int boots;

    Path uki(String version, Path kernel, String release, Path initrd) throws IOException {
        Path out = dir.resolve("bronze-" + version + ".efi");
        HostCommand.run(E2eToolkit.fromRepository().script("build-uki").toString(), "-o", out.toString(),
                "--linux", kernel.toString(), "--initrd", initrd.toString(), "--uname", release, "--version", version,
                "--cmdline", "console=ttyS0 panic=1 bronze.version=" + version);
        return out;
    }

    GuestRun boot() throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "qemu-logs"));
        return QemuGuest.builder(dir.resolve("guest"))
                .firmware(QemuGuest.Firmware.UEFI)
                .disk(image)
                .ovmfVars(dir.resolve("vars.fd"))
                .serialLog(logs.resolve("uki-boot" + (++boots) + ".log"))
                .check(CHECK)
                .noReboot()
                .timeout(Duration.ofMinutes(6))
                .run();
    }

    GuestRun expectBoot(String version, String entryPrefix) throws IOException {
        GuestRun run = boot();
        assertThat(run.passed()).as(run.describe()).isTrue();
        assertThat(run.result("version")).as(run.describe()).contains(version);
        assertThat(run.result("entry")).as(run.describe()).get().asString().startsWith(entryPrefix);
        return run;
    }

    void expectPanic() throws IOException {
        GuestRun run = boot();
        assertThat(run.passed()).as(run.describe()).isFalse();
        assertThat(run.done()).as(run.describe()).isEmpty();
    }

    Installer.Session session() throws IOException {
        return installer.open(ImageFile.open(image, 512), Optional.empty());
    }

    /** fsck.fat -n on the ESP, copied out by offset (no vfat on this machine). */
    void fsckClean() throws IOException {
        PlannedPartition p = plan.partitions().stream().filter(x -> x.label().equals("EFI")).findFirst().orElseThrow();
        Path part = dir.resolve("esp.img");
        try (var in = java.nio.channels.FileChannel.open(image); var out = java.nio.channels.FileChannel.open(part,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(p.offset(), p.size(), out);
        }
        DiskPeers.Result r = DiskPeers.run("fsck.fat", "-n", part.toString());
        assertThat(r.code()).as("fsck.fat: %s %s", r.out(), r.err()).isZero();
    }

    /** The booted slot as a running node would see it: the guest's EFI variables and command line, this image. */
    Optional<Slot> bootedSlotFrom(GuestRun run) throws IOException {
        Path root = dir.resolve("node-" + boots);
        Path vars = Files.createDirectories(root.resolve("sys/firmware/efi/efivars"));
        for (String name : List.of("LoaderEntrySelected", "LoaderDevicePartUUID")) {
            byte[] s = (run.result(name.equals("LoaderEntrySelected") ? "entry" : "partuuid").orElseThrow() + "\0")
                    .getBytes(StandardCharsets.UTF_16LE);
            ByteBuffer b = ByteBuffer.allocate(4 + s.length).order(ByteOrder.LITTLE_ENDIAN).putInt(6).put(s);
            Files.write(vars.resolve(name + "-" + EfiVariables.LOADER_GUID), b.array());
        }
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cmdline"), "console=ttyS0 panic=1 bronze.version=x\n");
        try (ImageFile dev = ImageFile.openReadOnly(image, 512)) {
            return BootedSlot.of(SysRoot.of(root), BootDisk.open(dev));
        }
    }

    @Test
    void ukisBootTrialConfirmRollbackAndFallBack() throws IOException {
        HostTools.require("qemu-system-x86_64", "busybox", "cpio", "depmod", "objcopy", "objdump", "fsck.fat");
        E2eToolkit toolkit = E2eToolkit.fromRepository();
        E2eToolkit.GuestKernel kernel = toolkit.kernel();
        Path initramfs = toolkit.initramfs();
        Path v1 = uki("1", kernel.vmlinuz(), kernel.release(), initramfs);
        Path v2 = uki("2", kernel.vmlinuz(), kernel.release(), initramfs);
        // An initramfs whose /init cannot run: the kernel panics ("No working init found").
        Path badRoot = Files.createDirectories(dir.resolve("bad-root"));
        Files.writeString(badRoot.resolve("init"), "not a program\n");
        badRoot.resolve("init").toFile().setExecutable(true);
        Path badInitrd = dir.resolve("bad-initrd.cpio");
        HostCommand.run("sh", "-c", "cd '" + badRoot + "' && find . | cpio -o -H newc > '" + badInitrd + "' 2>/dev/null");
        Path v3 = uki("3", kernel.vmlinuz(), kernel.release(), badInitrd);

        installer = new Installer(BootTools.debian("x64", dir.resolve("work")), Clock.systemUTC(), SysRoot.of(dir), s -> { });
        image = dir.resolve("uki.img");
        long size = 512L << 20;
        plan = LayoutPlanner.plan(BootloaderKind.SD_BOOT.defaultLayout().withSlotPayload(Files.size(v1) + (8L << 20)),
                image.toString(), size, 512, GuidSource.seeded("uki"), new DiskContents("none", List.of(), List.of(), false));
        try (ImageFile dev = ImageFile.create(image, size, 512)) {
            installer.install(dev, plan, new Installer.InstallRequest(BootloaderKind.SD_BOOT, new BootPayload.Uki(v1), null, "",
                    Optional.empty()), true);
        }
        fsckClean();
        GuestRun run = expectBoot("1", "bronze-00001-a.efi");
        assertThat(run.result("uname")).contains(kernel.release());
        assertThat(bootedSlotFrom(run)).contains(Slot.A);

        try (var s = new Closer(session())) {
            SlotInfo trial = s.s.upgrade(new BootPayload.Uki(v2), null, null, 2, Optional.empty());
            assertThat(trial.version()).isEqualTo("2");
        }
        fsckClean();
        // sd-boot 252 reports the id it selected, counter included; it renamed the file before starting it.
        run = expectBoot("2", "bronze-00002-b+2-0.efi");
        assertThat(run.result("ukis")).as(run.describe()).get().asString().contains("bronze-00002-b+1-1.efi");
        assertThat(run.result("countpath")).as(run.describe()).get().asString().isEqualToIgnoringCase("\\EFI\\Linux\\bronze-00002-b+1-1.efi");
        assertThat(bootedSlotFrom(run)).contains(Slot.B);
        try (var s = new Closer(session())) {
            AbStatus st = s.s.status();
            assertThat(st.booted()).as("the trial's own file name shows B was tried").isEqualTo(Slot.B);
            assertThat(st.state().slot(Slot.B).triesLeft()).isEqualTo(1);
            s.s.confirm();
            s.s.rollback();
        }
        fsckClean();
        run = expectBoot("1", "bronze-00003-a.efi");
        assertThat(bootedSlotFrom(run)).contains(Slot.A);

        try (var s = new Closer(session())) {
            s.s.upgrade(new BootPayload.Uki(v3), null, null, 2, Optional.empty());
        }
        fsckClean();
        expectPanic();
        expectPanic();
        run = expectBoot("1", "bronze-00003-a.efi");
        assertThat(run.result("ukis")).as(run.describe()).get().asString().contains("bronze-00004-b+0-2.efi");
        try (var s = new Closer(session())) {
            AbStatus st = s.s.status();
            assertThat(st.state().slot(Slot.B).state()).isEqualTo(SlotState.BAD);
            assertThat(st.state().slot(Slot.B).version()).isEqualTo("3");
            assertThat(st.next()).isEqualTo(Slot.A);
        }
        fsckClean();
    }

    /** Closes the session's image after each host-side step, so QEMU sees every write. */
    record Closer(Installer.Session s) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            s.close();
        }
    }
}
