package dev.bronze.bootloader.uki;

import dev.bronze.bootloader.ab.BootPayload;
import dev.bronze.testing.qemu.E2eToolkit;
import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small UKIs made with the toolkit's build-uki (objcopy onto Debian's systemd-stub), for A/B tests. */
public final class TestUkis {

    private TestUkis() {
    }

    /** A UKI whose kernel and initrd are a few distinct bytes: enough for every reader but the firmware. */
    public static BootPayload.Uki uki(Path dir, String version, String cmdline) throws IOException {
        Path d = Files.createDirectories(dir.resolve("uki-" + version));
        Path linux = Files.writeString(d.resolve("linux"), "kernel " + version + "\n");
        Path initrd = Files.writeString(d.resolve("initrd"), "initrd " + version + "\n");
        return new BootPayload.Uki(build(d.resolve("bronze-" + version + ".efi"), linux, initrd, cmdline,
                List.of("--version", version, "--uname", "6.1.0-test")));
    }

    /** Runs src/e2e/build-uki with {@code extra} options (--version V, --os-release F, --uname R ...). */
    public static Path build(Path out, Path linux, Path initrd, String cmdline, List<String> extra) throws IOException {
        HostTools.require("objcopy", "objdump");
        List<String> cmd = new ArrayList<>(List.of(E2eToolkit.fromRepository().script("build-uki").toString(),
                "-o", out.toString(), "--linux", linux.toString(), "--initrd", initrd.toString()));
        if (cmdline != null) {
            cmd.add("--cmdline");
            cmd.add(cmdline);
        }
        cmd.addAll(extra);
        HostCommand.run(cmd);
        return out;
    }
}
