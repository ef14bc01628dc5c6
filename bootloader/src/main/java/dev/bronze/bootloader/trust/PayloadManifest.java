package dev.bronze.bootloader.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What an upgrade's signature covers: one line per payload file, {@code <sha256 hex>  <role>\n}
 * (two spaces, as sha256sum writes), roles in the order {@code kernel}, {@code initrd}, or just
 * {@code uki}. Anyone can rebuild these bytes with sha256sum and sign them with stock openssl.
 */
public record PayloadManifest(List<Entry> entries) {

    /** One payload file. */
    public record Entry(String role, Path file, byte[] sha256) {
    }

    public PayloadManifest {
        entries = List.copyOf(entries);
    }

    /** A kernel + initrd payload. */
    public static PayloadManifest ofKernel(Path kernel, Path initrd) throws IOException {
        return new PayloadManifest(List.of(entry("kernel", kernel), entry("initrd", initrd)));
    }

    /** A unified kernel image payload. */
    public static PayloadManifest ofUki(Path uki) throws IOException {
        return new PayloadManifest(List.of(entry("uki", uki)));
    }

    private static Entry entry(String role, Path file) throws IOException {
        return new Entry(role, file, sha256(file));
    }

    /** The exact bytes that are signed. */
    public byte[] bytes() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(HexFormat.of().formatHex(e.sha256())).append("  ").append(e.role()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Re-hashes every file: true when none changed since the manifest was made. */
    public boolean unchanged() throws IOException {
        List<Boolean> same = new ArrayList<>();
        for (Entry e : entries) {
            same.add(MessageDigest.isEqual(e.sha256(), sha256(e.file())));
        }
        return !same.contains(false);
    }

    static byte[] sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }
}
