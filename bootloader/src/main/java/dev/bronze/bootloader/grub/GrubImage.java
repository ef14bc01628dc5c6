package dev.bronze.bootloader.grub;

import dev.bronze.bootloader.BootloaderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * GRUB core images made with {@code grub-mkimage} and an embedded early config that finds the
 * ESP by its FAT volume serial ({@code search --fs-uuid}) — the same core works for UEFI and BIOS,
 * without grub-install (which wants a mounted boot directory or a real device).
 */
public final class GrubImage {

    /** Targets Bronze builds cores for. */
    public enum Target {
        X86_64_EFI("x86_64-efi"), ARM64_EFI("arm64-efi"), I386_PC("i386-pc");

        final String format;

        Target(String format) {
            this.format = format;
        }

        public String format() {
            return format;
        }
    }

    /** Modules every core needs to read the ESP, count tries and boot Linux. */
    static final List<String> COMMON_MODULES = List.of("part_gpt", "part_msdos", "fat", "search", "search_fs_uuid",
            "configfile", "normal", "linux", "loadenv", "test", "echo", "minicmd", "reboot", "halt");

    private final Path grubLibDir;
    private final String mkimage;

    /** @param grubLibDir where the platform folders live (Debian: /usr/lib/grub) */
    public GrubImage(Path grubLibDir, String mkimage) {
        this.grubLibDir = grubLibDir;
        this.mkimage = mkimage;
    }

    public static GrubImage debian() {
        return new GrubImage(Path.of("/usr/lib/grub"), "grub-mkimage");
    }

    /** The volume serial of a FAT filesystem as GRUB names it: "ABCD-1234". */
    public static String fatUuid(long volumeId) {
        return String.format(Locale.ROOT, "%04X-%04X", (volumeId >>> 16) & 0xffff, volumeId & 0xffff);
    }

    /**
     * The early config embedded in the core: find the ESP, then read Bronze's grub.cfg there. A new
     * grub.cfg is written as grub.cfg.new and renamed over the old one; FAT cannot rename over a
     * file, so a cut between deleting the old and renaming the new leaves only grub.cfg.new, which
     * is complete: read that when grub.cfg is missing.
     */
    static String earlyConfig(String espFsUuid) {
        return "search --no-floppy --fs-uuid --set=root " + espFsUuid + "\n"
                + "set prefix=($root)/grub\n"
                + "if [ -f ($root)/grub/grub.cfg ]; then\n"
                + "  configfile ($root)/grub/grub.cfg\n"
                + "else\n"
                + "  configfile ($root)/grub/grub.cfg.new\n"
                + "fi\n";
    }

    public Path build(Target target, String espFsUuid, Path out, Path workDir) throws IOException {
        Path modDir = grubLibDir.resolve(target.format);
        if (!Files.isDirectory(modDir)) {
            throw new BootloaderException("GRUB modules for " + target.format + " not found in " + modDir
                    + " (Debian package grub-" + (target == Target.I386_PC ? "pc" : target == Target.ARM64_EFI ? "efi-arm64" : "efi-amd64")
                    + "-bin)");
        }
        if (!espFsUuid.matches("[0-9A-F]{4}-[0-9A-F]{4}")) {
            throw new IllegalArgumentException("not a FAT volume serial: " + espFsUuid);
        }
        Path early = workDir.resolve("bronze-early-" + target.format + ".cfg");
        Files.writeString(early, earlyConfig(espFsUuid));
        List<String> cmd = new ArrayList<>(List.of(mkimage, "-d", modDir.toString(), "-O", target.format,
                "-o", out.toString(), "-c", early.toString(), "-p", "/grub"));
        cmd.addAll(COMMON_MODULES);
        if (target == Target.I386_PC) {
            cmd.add("biosdisk");
        }
        run(cmd);
        return out;
    }

    private static void run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BootloaderException("grub-mkimage did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new BootloaderException("grub-mkimage failed: " + out.strip());
        }
    }
}
