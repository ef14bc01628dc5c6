package dev.bronze.bootloader.trust;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.ExitCode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checks an upgrade payload against the installed trust key before anything is written.
 *
 * <p>Signature formats are the ones stock openssl writes over the manifest bytes: Ed25519 —
 * 64 raw bytes from {@code openssl pkeyutl -sign -rawin}; ECDSA P-256 — a DER {@code SEQUENCE {r, s}}
 * over SHA-256 from {@code openssl dgst -sha256 -sign}. Every refusal exits 4.
 */
public final class PayloadVerifier {

    private static final int MAX_SIGNATURE_BYTES = 1024;

    private final Optional<TrustKey> trustKey;

    /** With no trust key installed, payloads are accepted unsigned (and a given signature is still checked). */
    public PayloadVerifier(Optional<TrustKey> trustKey) {
        this.trustKey = trustKey;
    }

    /** Returns normally when the payload may be installed; throws a refusal otherwise. */
    public void verify(PayloadManifest manifest, Optional<Path> signatureFile) throws IOException {
        if (trustKey.isEmpty()) {
            if (signatureFile.isPresent()) {
                throw refused("a signature was given but no trust key is installed on this disk to check it with; "
                        + "install with --trust-key first");
            }
            return;
        }
        if (signatureFile.isEmpty()) {
            throw refused("this disk has a trust key (fingerprint " + trustKey.get().fingerprint()
                    + "): the payload must be signed; pass --signature FILE");
        }
        Path sigPath = signatureFile.get();
        if (!Files.isRegularFile(sigPath) || Files.size(sigPath) > MAX_SIGNATURE_BYTES) {
            throw refused("signature file " + sigPath + " is missing, not a file, or larger than "
                    + MAX_SIGNATURE_BYTES + " bytes");
        }
        byte[] sig = Files.readAllBytes(sigPath);
        if (!verifies(trustKey.get(), manifest.bytes(), sig)) {
            throw refused("the signature " + sigPath + " does not match the payload and the trust key (fingerprint "
                    + trustKey.get().fingerprint() + "): refusing to install");
        }
    }

    static boolean verifies(TrustKey key, byte[] message, byte[] signature) {
        switch (key.algorithm()) {
            case ED25519 -> {
                if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
                    return false;
                }
                Ed25519Signer s = new Ed25519Signer();
                s.init(false, key.key());
                s.update(message, 0, message.length);
                return s.verifySignature(signature);
            }
            case ECDSA_P256 -> {
                BigInteger[] rs = derSignature(signature);
                if (rs == null) {
                    return false;
                }
                ECDSASigner s = new ECDSASigner();
                s.init(false, (ECPublicKeyParameters) key.key());
                return s.verifySignature(sha256(message), rs[0], rs[1]);
            }
            default -> {
                return false;
            }
        }
    }

    /** Decodes a strict DER ECDSA signature; null when it is anything else. */
    private static BigInteger[] derSignature(byte[] sig) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(sig);
            if (!(p instanceof ASN1Sequence seq) || seq.size() != 2 || !java.util.Arrays.equals(p.getEncoded("DER"), sig)) {
                return null;
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
            return new BigInteger[] {r, s};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] sha256(byte[] m) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(m);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BootloaderException refused(String message) {
        return new BootloaderException(ExitCode.REFUSED, message);
    }
}
