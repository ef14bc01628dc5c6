package dev.bronze.installer.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.bootloader.ab.AbStatus;
import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.bootloader.ab.Slot;
import dev.bronze.bootloader.ab.SlotState;
import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.disk.gpt.GuidSource;
import dev.bronze.hardware.disk.layout.DiskContents;
import dev.bronze.hardware.disk.layout.LayoutPlanner;
import dev.bronze.hardware.disk.layout.Plan;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.BootloaderKind;
import dev.bronze.installer.Installer;
import dev.bronze.installer.SecureBootPolicy;
import dev.bronze.testing.qemu.E2eToolkit;
import dev.bronze.testing.qemu.GuestRun;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import dev.bronze.testing.qemu.QemuGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UKIs under Secure Boot, the firmware being the judge: Debian's OVMF secboot build with the
 * snakeoil key in db, systemd-boot and UKIs signed with that key by sbsign. The guest reports
 * SecureBoot and its own db and dbx variables; the host reads those with
 * {@link SecureBootPolicy#ofFirmware} exactly as a running node reads its efivars, and Bronze
 * then refuses an unsigned UKI (exit 4, image unchanged) while a signed one boots as a trial and
 * is confirmed. Last, the same unsigned UKI staged without the check: the firmware refuses it
 * ("Access Denied") and the guest never comes up — what the check prevents.
 */
@Tag("qemu")
class SecureBootQemuTest {

    static final String GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
    static final String SECURITY = "d719b2cb-3d3a-4596-a3bc-dad00e67656f";

    static final String CHECK = """
            arg() { tr ' ' '\\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
            hexvar() { [ -f "/sys/firmware/efi/efivars/$1" ] && od -An -v -tx1 "/sys/firmware/efi/efivars/$1" | tr -d ' \\n'; }
            bronze_result version="$(arg bronze.version)" secureboot="$(hexvar SecureBoot-GLOBAL)" \\
                setupmode="$(hexvar SetupMode-GLOBAL)" db="$(hexvar db-SECURITY)" dbx="$(hexvar dbx-SECURITY)"
            """.replace("GLOBAL", GLOBAL).replace("SECURITY", SECURITY);

    @TempDir
    Path dir;

    Path image;
    int boots;

    Path sign(Path key, Path cert, Path in, String name) throws IOException {
        Path out = dir.resolve(name);
        HostCommand.run("sbsign", "--key", key.toString(), "--cert", cert.toString(), "--output", out.toString(), in.toString());
        return out;
    }

    Path uki(String version, E2eToolkit.GuestKernel kernel, Path initrd) throws IOException {
        Path out = dir.resolve("uki-" + version + ".efi");
        HostCommand.run(E2eToolkit.fromRepository().script("build-uki").toString(), "-o", out.toString(),
                "--linux", kernel.vmlinuz().toString(), "--initrd", initrd.toString(), "--uname", kernel.release(),
                "--version", version, "--cmdline", "console=ttyS0 panic=1 bronze.version=" + version);
        return out;
    }

    GuestRun boot(Duration timeout) throws IOException {
        Path logs = Files.createDirectories(Path.of("target", "qemu-logs"));
        return QemuGuest.builder(dir.resolve("guest"))
                .firmware(QemuGuest.Firmware.UEFI)
                .secureBoot()
                .disk(image)
                .ovmfVars(dir.resolve("vars.fd"))
                .serialLog(logs.resolve("secure-boot" + (++boots) + ".log"))
                .check(CHECK)
                .noReboot()
                .timeout(timeout)
                .run();
    }

    /** The guest's efivars as files under a node tree, bytes as efivarfs gives them (attributes first). */
    SysRoot nodeFrom(GuestRun run) throws IOException {
        Path vars = Files.createDirectories(dir.resolve("node/sys/firmware/efi/efivars"));
        for (String[] v : List.of(new String[] {"secureboot", "SecureBoot-" + GLOBAL}, new String[] {"setupmode", "SetupMode-" + GLOBAL},
                new String[] {"db", "db-" + SECURITY}, new String[] {"dbx", "dbx-" + SECURITY})) {
            String hex = run.result(v[0]).orElse("");
            if (!hex.isEmpty()) {
                Files.write(vars.resolve(v[1]), HexFormat.of().parseHex(hex));
            }
        }
        return SysRoot.of(dir.resolve("node"));
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @Test
    void theFirmwaresOwnDbDecidesWhatBronzeStages() throws Exception {
        HostTools.require("qemu-system-x86_64", "sbsign", "openssl", "busybox", "cpio", "objcopy", "objdump");
        Path key = dir.resolve("snakeoil.key");
        // Debian ships the snakeoil key encrypted, passphrase "snakeoil" (ovmf's README.Debian).
        HostCommand.run("openssl", "pkey", "-in", "/usr/share/ovmf/PkKek-1-snakeoil.key", "-passin", "pass:snakeoil",
                "-out", key.toString());
        Path cert = Path.of("/usr/share/ovmf/PkKek-1-snakeoil.pem");
        E2eToolkit toolkit = E2eToolkit.fromRepository();
        E2eToolkit.GuestKernel kernel = toolkit.kernel();
        Path initramfs = toolkit.initramfs();
        Path sdBoot = sign(key, cert, Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi"), "systemd-bootx64.efi");
        Path v1 = sign(key, cert, uki("1", kernel, initramfs), "signed-1.efi");
        Path v2 = sign(key, cert, uki("2", kernel, initramfs), "signed-2.efi");
        Path unsigned = uki("3", kernel, initramfs);    // boots anywhere Secure Boot is off

        BootTools tools = BootTools.debian("x64", dir.resolve("work")).withSystemdBoot(sdBoot);
        Installer installer = new Installer(tools, Clock.systemUTC(), SysRoot.of(dir), s -> { });
        image = dir.resolve("sb.img");
        long size = 512L << 20;
        Plan plan = LayoutPlanner.plan(BootloaderKind.SD_BOOT.defaultLayout().withSlotPayload(Files.size(v1) + (8L << 20)),
                image.toString(), size, 512, GuidSource.seeded("sb"), new DiskContents("none", List.of(), List.of(), false));
        try (ImageFile dev = ImageFile.create(image, size, 512)) {
            installer.install(dev, plan, new Installer.InstallRequest(BootloaderKind.SD_BOOT, new BootPayload.Uki(v1), null, "",
                    Optional.empty()), true);
        }

        GuestRun run = boot(Duration.ofMinutes(6));
        assertThat(run.passed()).as(run.describe()).isTrue();
        assertThat(run.result("version")).contains("1");
        // Attributes (4 bytes), then 1: Secure Boot on; SetupMode 0: user mode, db enforced.
        assertThat(run.result("secureboot")).as(run.describe()).get().asString().endsWith("01");
        assertThat(run.result("setupmode")).as(run.describe()).get().asString().endsWith("00");
        Optional<SecureBootPolicy> policy = SecureBootPolicy.ofFirmware(nodeFrom(run));
        assertThat(policy).as("the guest's firmware enforces Secure Boot").isPresent();
        assertThat(policy.get().db().certificates()).as("the snakeoil certificate in the firmware's db").isNotEmpty();

        // The unsigned UKI: refused before anything is written.
        Installer checked = installer.withSecureBoot(policy);
        String before = sha256(image);
        try (Installer.Session s = checked.open(ImageFile.open(image, 512), Optional.of(Slot.A))) {
            assertThatThrownBy(() -> s.upgrade(new BootPayload.Uki(unsigned), null, null, 2, Optional.empty()))
                    .isInstanceOfSatisfying(BronzeException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED))
                    .hasMessageContaining("Secure Boot").hasMessageContaining("uki-3.efi");
        }
        assertThat(sha256(image)).as("nothing written").isEqualTo(before);

        // The signed one: staged, booted as a trial under Secure Boot, confirmed.
        try (Installer.Session s = checked.open(ImageFile.open(image, 512), Optional.of(Slot.A))) {
            s.upgrade(new BootPayload.Uki(v2), null, null, 2, Optional.empty());
        }
        run = boot(Duration.ofMinutes(6));
        assertThat(run.passed()).as(run.describe()).isTrue();
        assertThat(run.result("version")).contains("2");
        try (Installer.Session s = checked.open(ImageFile.open(image, 512), Optional.of(Slot.B))) {
            s.confirm();
            AbStatus st = s.status();
            assertThat(st.state().slot(Slot.B).state()).isEqualTo(SlotState.GOOD);
        }

        // Without the check the firmware itself refuses the unsigned UKI and the node does not come up.
        try (Installer.Session s = installer.open(ImageFile.open(image, 512), Optional.of(Slot.B))) {
            s.upgrade(new BootPayload.Uki(unsigned), null, null, 2, Optional.empty());
        }
        run = boot(Duration.ofSeconds(150));
        assertThat(run.passed()).as(run.describe()).isFalse();
        assertThat(run.done()).isEmpty();
        assertThat(Files.readString(run.serialLog(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("the firmware's refusal").contains("Access Denied");
    }
}
