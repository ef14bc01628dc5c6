package dev.bronze.bootloader.grub;

import dev.bronze.bootloader.BootloaderException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A GRUB environment block ({@code grub-core/lib/envblk.c}): the signature line, {@code name=value}
 * lines with {@code \\} and {@code \<newline>} escapes, {@code #} padding to the block's fixed size
 * (1024 bytes as grub-editenv creates it). GRUB's {@code save_env} rewrites the file's sectors in
 * place, so the size must never change.
 */
public final class GrubEnv {

    public static final String SIGNATURE = "# GRUB Environment Block\n";
    public static final int DEFAULT_SIZE = 1024;

    private GrubEnv() {
    }

    public static byte[] encode(Map<String, String> vars, int size) {
        StringBuilder sb = new StringBuilder(SIGNATURE);
        for (Map.Entry<String, String> e : vars.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || !name.matches("[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException("bad GRUB variable name: " + name);
            }
            sb.append(name).append('=');
            for (char c : e.getValue().toCharArray()) {
                if (c == '\\' || c == '\n') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            sb.append('\n');
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (body.length > size) {
            throw new BootloaderException("GRUB environment needs " + body.length + " bytes, more than its " + size);
        }
        byte[] out = new byte[size];
        Arrays.fill(out, (byte) '#');
        System.arraycopy(body, 0, out, 0, body.length);
        return out;
    }

    /** The variables of a block, or empty when it is not a valid environment block. */
    public static Optional<Map<String, String>> decode(byte[] block) {
        byte[] sig = SIGNATURE.getBytes(StandardCharsets.US_ASCII);
        if (block.length < sig.length || !Arrays.equals(Arrays.copyOf(block, sig.length), sig)) {
            return Optional.empty();
        }
        Map<String, String> vars = new LinkedHashMap<>();
        int i = sig.length;
        int n = block.length;
        while (i < n) {
            if (block[i] == '#') {
                // A comment line, or the padding; padding runs to the end.
                int nl = indexOf(block, (byte) '\n', i, n);
                if (nl < 0) {
                    break;
                }
                i = nl + 1;
                continue;
            }
            int eq = -1;
            StringBuilder value = new StringBuilder();
            int j = i;
            while (j < n && block[j] != '=' && block[j] != '\n') {
                j++;
            }
            if (j >= n || block[j] != '=') {
                return Optional.empty();
            }
            eq = j;
            String name = new String(block, i, eq - i, StandardCharsets.UTF_8);
            j = eq + 1;
            int start = j;
            java.io.ByteArrayOutputStream v = new java.io.ByteArrayOutputStream();
            while (j < n && block[j] != '\n') {
                if (block[j] == '\\' && j + 1 < n) {
                    j++;
                }
                v.write(block[j]);
                j++;
            }
            if (j >= n) {
                return Optional.empty();
            }
            value.append(v.toString(StandardCharsets.UTF_8));
            if (start <= j) {
                vars.put(name, value.toString());
            }
            i = j + 1;
        }
        return Optional.of(vars);
    }

    private static int indexOf(byte[] b, byte x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
