package dev.bronze.hardware.disk.gpt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;

/**
 * Where disk, partition and filesystem identifiers come from. Installs use random ones (a
 * partition GUID must be unique across all disks, UEFI 5.3.3); image builds use ones derived from
 * a seed so that two builds from the same inputs are byte-identical.
 */
public interface GuidSource {

    /** A GUID for {@code purpose} (for example {@code "disk"} or {@code "partition:EFI"}). */
    UUID guid(String purpose);

    /** A 32-bit identifier for {@code purpose} (a FAT volume id, an MBR disk signature). */
    long id32(String purpose);

    /** Fresh random identifiers (version 4 UUIDs). */
    static GuidSource random() {
        return new Random(new SecureRandom());
    }

    /**
     * Identifiers derived from {@code seed} and the purpose with SHA-256, formatted as version 4
     * UUIDs so that tools treating them as random do not complain. Same seed, same purpose, same GUID.
     */
    static GuidSource seeded(String seed) {
        return new Seeded(Objects.requireNonNull(seed, "seed"));
    }

    /** Random identifiers. */
    final class Random implements GuidSource {
        private final SecureRandom rnd;

        Random(SecureRandom rnd) {
            this.rnd = rnd;
        }

        @Override
        public UUID guid(String purpose) {
            return UUID.randomUUID();
        }

        @Override
        public long id32(String purpose) {
            return rnd.nextInt() & 0xffffffffL;
        }
    }

    /** Seed-derived identifiers. */
    final class Seeded implements GuidSource {
        private final String seed;

        Seeded(String seed) {
            this.seed = seed;
        }

        private byte[] digest(String purpose) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update("bronze-guid\0".getBytes(StandardCharsets.UTF_8));
                md.update(seed.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(purpose.getBytes(StandardCharsets.UTF_8));
                return md.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        @Override
        public UUID guid(String purpose) {
            byte[] h = digest(purpose);
            h[6] = (byte) ((h[6] & 0x0f) | 0x40);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            long msb = 0;
            long lsb = 0;
            for (int i = 0; i < 8; i++) {
                msb = (msb << 8) | (h[i] & 0xff);
                lsb = (lsb << 8) | (h[8 + i] & 0xff);
            }
            return new UUID(msb, lsb);
        }

        @Override
        public long id32(String purpose) {
            byte[] h = digest("id32:" + purpose);
            long v = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
            // Zero means "no signature" to some MBR readers; never hand it out.
            return v == 0 ? 1 : v;
        }
    }
}
