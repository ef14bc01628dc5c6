package dev.bronze.bootloader.trust;

import dev.bronze.bootloader.BootloaderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * The public key upgrades must be signed with: a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo) for
 * Ed25519 or ECDSA P-256, as {@code openssl pkey -pubout} writes it. Anything else is refused when
 * the key is installed, not when an upgrade arrives.
 */
public final class TrustKey {

    /** The two algorithms Bronze accepts. */
    public enum Algorithm {
        ED25519, ECDSA_P256
    }

    /** RFC 8410 id-Ed25519. */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private final Algorithm algorithm;
    private final AsymmetricKeyParameter key;
    private final byte[] der;

    private TrustKey(Algorithm algorithm, AsymmetricKeyParameter key, byte[] der) {
        this.algorithm = algorithm;
        this.key = key;
        this.der = der;
    }

    public static TrustKey parsePem(String pem) {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new BootloaderException("the trust key is not a PEM public key (-----BEGIN PUBLIC KEY-----); "
                    + "make one with 'openssl pkey -in KEY -pubout'");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new BootloaderException("the trust key's PEM body is not valid base64");
        }
        SubjectPublicKeyInfo spki;
        AsymmetricKeyParameter key;
        try {
            spki = SubjectPublicKeyInfo.getInstance(der);
            key = PublicKeyFactory.createKey(spki);
        } catch (IOException | RuntimeException e) {
            throw new BootloaderException("the trust key is not a readable public key: " + e.getMessage());
        }
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        if (alg.equals(ID_ED25519) && key instanceof Ed25519PublicKeyParameters) {
            return new TrustKey(Algorithm.ED25519, key, der);
        }
        if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey) && key instanceof ECPublicKeyParameters ec
                && spki.getAlgorithm().getParameters() != null
                && spki.getAlgorithm().getParameters().equals(SECObjectIdentifiers.secp256r1)) {
            return new TrustKey(Algorithm.ECDSA_P256, ec, der);
        }
        throw new BootloaderException("the trust key uses " + alg.getId()
                + "; Bronze accepts Ed25519 and ECDSA P-256 (prime256v1) keys");
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    AsymmetricKeyParameter key() {
        return key;
    }

    /** SHA-256 of the key's DER encoding, hex: what operators compare and META keeps. */
    public String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as PEM, for storing on the disk. */
    public String toPem() {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }
}
