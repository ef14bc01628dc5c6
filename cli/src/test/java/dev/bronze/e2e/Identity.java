package dev.bronze.e2e;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * What a row's simulated platform serves and the guest must report back: the user-data (with a
 * fresh nonce each run, so no earlier run's answer can pass) and the instance's id and hostname.
 */
public record Identity(byte[] userData, String instanceId, String hostname) {

    public static Identity fresh(Row row, RandomGenerator random) {
        String nonce = HexFormat.of().formatHex(longBytes(random.nextLong()));
        String yaml = "version: v1alpha1\n"
                + "# bronze e2e " + row.id() + " " + nonce + "\n"
                + "machine:\n"
                + "  type: worker\n"
                + "  network:\n"
                + "    hostname: e2e-" + row.platform() + "\n";
        return new Identity(yaml.getBytes(StandardCharsets.UTF_8), "e2e-" + row.platform() + "-" + nonce.substring(0, 8),
                "e2e-" + row.platform() + "-" + nonce.substring(8, 14));
    }

    public String userDataSha256() {
        return sha256(userData);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }
}
