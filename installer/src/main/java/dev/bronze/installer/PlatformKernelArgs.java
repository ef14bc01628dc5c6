package dev.bronze.installer;

import java.util.List;
import java.util.Map;

/**
 * The kernel arguments each platform's images carry (Talos's {@code Platform.KernelArgs()},
 * ../shared/reference/talos.md §2), with {@code talos.platform=P} first. Used only when the image
 * is built for one platform ({@code --platform}); otherwise the image is platform-neutral and
 * the platform is detected at boot.
 */
public final class PlatformKernelArgs {

    private static final Map<String, List<String>> AMD64 = Map.ofEntries(
            Map.entry("metal", List.of("console=ttyS0", "console=tty0")),
            Map.entry("aws", List.of("console=tty1", "console=ttyS0", "net.ifnames=0")),
            Map.entry("gcp", List.of("console=ttyS0", "net.ifnames=0")),
            Map.entry("azure", List.of("console=ttyS0,115200n8", "earlyprintk=ttyS0,115200", "rootdelay=300", "net.ifnames=0")),
            Map.entry("vmware", List.of("talos.config=guestinfo", "console=tty0", "console=ttyS0", "earlyprintk=ttyS0,115200",
                    "net.ifnames=0")),
            Map.entry("openstack", List.of("console=tty1", "console=ttyS0", "net.ifnames=0")),
            Map.entry("nocloud", List.of("console=tty1", "console=ttyS0", "net.ifnames=0")));

    private static final Map<String, List<String>> ARM64 = Map.of(
            "metal", List.of("console=ttyAMA0", "console=tty0"),
            "vmware", List.of("talos.config=guestinfo", "console=tty0", "console=ttyAMA0", "net.ifnames=0"),
            "rpi", List.of("console=tty1", "console=serial0,115200"));

    private PlatformKernelArgs() {
    }

    /** {@code talos.platform=P} and P's arguments; clouds without an entry get the common serial console. */
    public static List<String> forPlatform(String platform, String arch) {
        Map<String, List<String>> table = "arm64".equals(arch) ? ARM64 : AMD64;
        List<String> common = "arm64".equals(arch) ? List.of("console=ttyAMA0", "net.ifnames=0")
                : List.of("console=tty1", "console=ttyS0", "net.ifnames=0");
        List<String> args = new java.util.ArrayList<>();
        args.add("talos.platform=" + platform);
        args.addAll(table.getOrDefault(platform, common));
        return args;
    }
}
