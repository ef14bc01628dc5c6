package dev.bronze.installer;

import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.disk.layout.Layout;
import java.util.Locale;

/** The bootloaders Bronze installs, each with the layout it needs by default. */
public enum BootloaderKind {
    SD_BOOT("sd-boot", "uefi"),
    GRUB("grub", "uefi"),
    GRUB_BIOS("grub-bios", "bios"),
    RPI("rpi", "rpi");

    private final String id;
    private final String defaultLayout;

    BootloaderKind(String id, String defaultLayout) {
        this.id = id;
        this.defaultLayout = defaultLayout;
    }

    public String id() {
        return id;
    }

    public Layout defaultLayout() {
        return Layout.builtIn(defaultLayout);
    }

    public static BootloaderKind parse(String s) {
        for (BootloaderKind k : values()) {
            if (k.id.equals(s.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new InstallerException(ExitCode.USAGE, "unknown bootloader '" + s + "': sd-boot, grub, grub-bios or rpi");
    }
}
