package dev.bronze.cli;

import dev.bronze.hardware.BronzeException;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.block.ImageFile;
import dev.bronze.hardware.block.LinuxBlockDevice;
import dev.bronze.hardware.disk.gpt.GptDisk;
import dev.bronze.hardware.disk.layout.TargetCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --image FILE | --disk DEV}, or neither: the disk an A/B command works on. With neither,
 * the running node's system disk ({@link dev.bronze.installer.LiveNode}): its ESP worked through
 * its mount (a private one of Bronze's own when it is not mounted), META written raw. Under the
 * hidden {@code --root DIR}, a fixture tree stands in for the node, with image files as device nodes.
 */
final class DiskTarget {

    @Option(names = "--image", paramLabel = "FILE",
            description = "A disk image file. Without --image or --disk: the running node's system disk.")
    Path image;

    @Option(names = "--disk", paramLabel = "DEV", description = {"A block device such as /dev/sda, not in use (nothing on it mounted).",
        "Without --image or --disk: the running node's system disk (found by EFI LoaderDevicePartUUID, else by its",
        "1 MiB META partition); its ESP is used through its read-write mount or mounted privately under /run/bronze."})
    Path disk;

    @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "Read /sys, /proc and efivars below DIR (tests).")
    Path root;

    SysRoot sys() {
        return root == null ? SysRoot.host() : SysRoot.of(root);
    }

    boolean isImage() {
        return image != null;
    }

    /** Neither --image nor --disk: the running node. */
    boolean isLive() {
        return image == null && disk == null;
    }

    String describe() {
        return image != null ? image.toString() : disk != null ? disk.toString() : "the system disk";
    }

    /** Opens the target; read-only ones refuse every write. */
    BlockDevice open(boolean writable) throws IOException {
        if (image == null && disk == null) {
            throw new BronzeException(ExitCode.USAGE, "give --image FILE or --disk DEV (the running node's system disk is"
                    + " opened through LiveNode)");
        }
        if (image != null && disk != null) {
            throw new BronzeException(ExitCode.USAGE, "--image and --disk exclude each other");
        }
        if (image != null) {
            if (!Files.isRegularFile(image)) {
                throw new HardwareException(image + " is not an image file");
            }
            int ss;
            try (ImageFile probe = ImageFile.openReadOnly(image, 512)) {
                ss = GptDisk.detectSectorSize(probe).orElse(512);
            }
            return writable ? ImageFile.open(image, ss) : ImageFile.openReadOnly(image, ss);
        }
        if (!Files.exists(disk)) {
            throw new HardwareException(disk + " does not exist");
        }
        if (writable) {
            new TargetCheck(sys()).requireWritable(disk);
        }
        return writable ? LinuxBlockDevice.open(disk, sys()) : LinuxBlockDevice.openReadOnly(disk);
    }
}
