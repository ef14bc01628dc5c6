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
 * {@code --image FILE | --disk DEV}: the disk an A/B command works on. On a running node the
 * system disk is the default; that needs the ESP mounted privately, which these commands do not
 * do yet, so one of the two is required.
 */
final class DiskTarget {

    @Option(names = "--image", paramLabel = "FILE", description = "A disk image file.")
    Path image;

    @Option(names = "--disk", paramLabel = "DEV", description = "A block device such as /dev/sda.")
    Path disk;

    @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "Read /sys, /proc and efivars below DIR (tests).")
    Path root;

    SysRoot sys() {
        return root == null ? SysRoot.host() : SysRoot.of(root);
    }

    boolean isImage() {
        return image != null;
    }

    String describe() {
        return image != null ? image.toString() : disk.toString();
    }

    /** Opens the target; read-only ones refuse every write. */
    BlockDevice open(boolean writable) throws IOException {
        if (image == null && disk == null) {
            throw new BronzeException(ExitCode.USAGE, "give --image FILE or --disk DEV (finding the system disk of a running "
                    + "node by itself is not supported yet)");
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
        return writable ? LinuxBlockDevice.open(disk) : LinuxBlockDevice.openReadOnly(disk);
    }
}
