package dev.bronze.platform.vmware;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * guestinfo through open-vm-tools: {@code vmware-rpctool "info-get guestinfo.KEY"}, else
 * {@code vmtoolsd --cmd "info-get guestinfo.KEY"} (slower; cloud-init prefers rpctool for that
 * reason). A missing key makes the tool exit non-zero with "No value found": that is absent.
 */
public final class RpcToolGuestInfo implements GuestInfoChannel {

    private static final List<String> DIRS = List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin");
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    private final List<String> tool;

    RpcToolGuestInfo(List<String> tool) {
        this.tool = tool;
    }

    /** The channel of this machine, or {@link GuestInfoChannel#NONE} when no tool is installed. */
    public static GuestInfoChannel detect() {
        for (String d : DIRS) {
            if (Files.isExecutable(Path.of(d, "vmware-rpctool"))) {
                return new RpcToolGuestInfo(List.of(d + "/vmware-rpctool"));
            }
        }
        for (String d : DIRS) {
            if (Files.isExecutable(Path.of(d, "vmtoolsd"))) {
                return new RpcToolGuestInfo(List.of(d + "/vmtoolsd", "--cmd"));
            }
        }
        return NONE;
    }

    @Override
    public Optional<String> get(String key) {
        if (!key.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        List<String> cmd = new java.util.ArrayList<>(tool);
        cmd.add("info-get guestinfo." + key);
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(MAX_BYTES);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                return Optional.empty();
            }
            String v = new String(out, StandardCharsets.UTF_8);
            return v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
