package dev.bronze.installer;

import dev.bronze.bootloader.grub.GrubImage;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the bootloader binaries come from (Debian's packages by default; every path can be given).
 *
 * @param efiArch          "x64" or "aa64"
 * @param systemdBootEfi   systemd-boot (systemd-boot-efi)
 * @param grub             grub-mkimage and its module folders (grub-efi-amd64-bin, grub-pc-bin)
 * @param grubBootImg      the i386-pc boot.img for the MBR
 * @param rpiFirmware      firmware files for the Raspberry Pi boot partition's root
 * @param rpiDeviceTrees   device trees and overlays/ for each Raspberry Pi slot
 * @param workDir          scratch space for generated core images
 */
public record BootTools(String efiArch, Path systemdBootEfi, GrubImage grub, Path grubBootImg, Optional<Path> rpiFirmware,
        Optional<Path> rpiDeviceTrees, Path workDir) {

    public static BootTools debian(String efiArch, Path workDir) {
        return new BootTools(efiArch, Path.of("/usr/lib/systemd/boot/efi/systemd-boot" + efiArch + ".efi"), GrubImage.debian(),
                Path.of("/usr/lib/grub/i386-pc/boot.img"), Optional.empty(), Optional.empty(), workDir);
    }

    /** Debian's binaries for a Debian architecture name ({@code amd64}, {@code arm64}). */
    public static BootTools debianFor(String debianArch, Path workDir) {
        return debian(efiArchOf(debianArch), workDir);
    }

    /** {@code amd64} → {@code x64}, {@code arm64} → {@code aa64} (the EFI removable-path suffixes). */
    public static String efiArchOf(String debianArch) {
        return switch (debianArch) {
            case "amd64", "x86_64", "x64" -> "x64";
            case "arm64", "aarch64", "aa64" -> "aa64";
            default -> throw new IllegalArgumentException("unsupported architecture: " + debianArch + " (amd64 or arm64)");
        };
    }

    /** The same tools with another systemd-boot binary (another architecture's, fetched with apt-get download). */
    public BootTools withSystemdBoot(Path efi) {
        return new BootTools(efiArch, efi, grub, grubBootImg, rpiFirmware, rpiDeviceTrees, workDir);
    }

    public GrubImage.Target grubEfiTarget() {
        return "aa64".equals(efiArch) ? GrubImage.Target.ARM64_EFI : GrubImage.Target.X86_64_EFI;
    }
}
