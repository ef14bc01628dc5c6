package dev.bronze.platform.volume;

import dev.bronze.hardware.SysRoot;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@link LabelLookup} through udev's {@code dev/disk/by-label/} links. */
public final class ByLabelLinks implements LabelLookup {

    private final SysRoot root;

    public ByLabelLinks(SysRoot root) {
        this.root = root;
    }

    @Override
    public Optional<String> device(String label) {
        String link = "dev/disk/by-label/" + escape(label);
        return root.readLink(link).map(target -> {
            // Links are relative (../../sr0); resolve them against the link's directory.
            java.nio.file.Path abs = root.path("dev/disk/by-label").resolve(target).normalize();
            java.nio.file.Path rel = root.root().relativize(abs);
            return rel.toString();
        }).filter(p -> p.startsWith("dev/"));
    }

    /** udev's encoding of a label in a link name: unsafe bytes become {@code \xNN} (udev_util_encode_string). */
    static String escape(String label) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean safe = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || "#+-.:=@_".indexOf(c) >= 0 || c >= 0x80;
            if (safe) {
                out.write(c);
            } else {
                byte[] esc = String.format("\\x%02x", c).getBytes(StandardCharsets.US_ASCII);
                out.write(esc, 0, esc.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
