package dev.bronze.bootloader.secureboot;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The signer's chain as OpenSSL builds it for EDK2's Pkcs7Verify: from the signer up through the
 * certificates the PKCS#7 carries, each link's signature checked. EDK2 sets X509_V_FLAG_PARTIAL_CHAIN and
 * ignores validity dates and extended key usage (firmware has no trustworthy clock), so trust is any db
 * certificate being a certificate of the chain or the verified issuer of one; dates and EKU are not looked at here either.
 */
record CertChain(List<X509Certificate> certificates) {

    static final int MAX_DEPTH = 16;

    static CertChain build(X509Certificate signer, List<X509Certificate> pool) {
        List<X509Certificate> chain = new ArrayList<>(List.of(signer));
        X509Certificate current = signer;
        while (chain.size() < MAX_DEPTH && !selfIssued(current)) {
            X509Certificate next = null;
            for (X509Certificate c : pool) {
                if (!chain.contains(c) && issued(c, current)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            chain.add(next);
            current = next;
        }
        return new CertChain(List.copyOf(chain));
    }

    /** The first db (or dbx) certificate that is in the chain or verifiably issued one of its certificates. */
    Optional<Anchor> anchoredBy(List<X509Certificate> anchors) {
        for (X509Certificate c : certificates) {
            for (X509Certificate a : anchors) {
                if (a.equals(c) || issued(a, c)) {
                    return Optional.of(new Anchor(c, a));
                }
            }
        }
        return Optional.empty();
    }

    /** @param link the chain's certificate the anchor vouches for; {@code anchor} is it or its issuer */
    record Anchor(X509Certificate link, X509Certificate anchor) {
    }

    /** The first certificate of the chain whose TBSCertificate's SHA-256 is listed, as EDK2's IsCertHashFoundInDbx looks. */
    Optional<X509Certificate> tbsListed(java.util.Set<String> tbsSha256) {
        if (tbsSha256.isEmpty()) {
            return Optional.empty();
        }
        for (X509Certificate c : certificates) {
            try {
                String h = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getTBSCertificate()));
                if (tbsSha256.contains(h)) {
                    return Optional.of(c);
                }
            } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
                // A certificate whose TBS cannot be re-read cannot be listed by hash either.
            }
        }
        return Optional.empty();
    }

    static boolean issued(X509Certificate issuer, X509Certificate child) {
        if (!issuer.getSubjectX500Principal().equals(child.getIssuerX500Principal())) {
            return false;
        }
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean selfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    static String name(X509Certificate c) {
        return c.getSubjectX500Principal().getName();
    }
}
