package dev.bronze.bootloader.secureboot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, before Bronze writes an EFI binary, whether UEFI Secure Boot would run it: EDK2's
 * DxeImageVerificationHandler, checked against db and dbx the way OVMF does. dbx always wins.
 */
public final class SecureBootVerifier {

    private SecureBootVerifier() {
    }

    /** What EDK2 would decide for this image with this db and dbx. A malformed image is Refused with the reason. */
    public static Verdict verify(Path pe, SignatureDb db, SignatureDb dbx) throws IOException {
        try (FileChannel ch = FileChannel.open(pe, StandardOpenOption.READ)) {
            try {
                return verify(ch, db, dbx);
            } catch (SecureBootException e) {
                return new Verdict.Refused(e.getMessage());
            }
        }
    }

    private static Verdict verify(FileChannel ch, SignatureDb db, SignatureDb dbx) throws IOException {
        PeImage img = PeImage.read(ch);
        Map<String, String> digests = new HashMap<>();
        if (!img.signed()) {
            String sha256 = hex(ch, img, "SHA-256", digests);
            if (dbx.sha256().contains(sha256)) {
                return new Verdict.Refused("image digest is in dbx (unsigned image, SHA-256 " + sha256 + ")");
            }
            if (db.sha256().contains(sha256)) {
                return new Verdict.Allowed("image digest listed in db (unsigned image, SHA-256 " + sha256 + ")");
            }
            return new Verdict.Refused("not signed, and its SHA-256 digest " + sha256 + " is not in db");
        }
        Authenticode.Entries entries = Authenticode.entries(ch, img);
        Reason best = null;
        String allowedBy = null;
        for (Authenticode.Entry entry : entries.entries()) {
            String label = "signature " + entry.index();
            if (entry.pkcs7() == null) {
                best = Reason.better(best, new Reason(0, entry.skipped()));
                continue;
            }
            AuthenticodeSignature sig;
            X509Certificate signer;
            try {
                sig = AuthenticodeSignature.parse(entry.pkcs7());
                signer = sig.signer();
            } catch (SecureBootException e) {
                best = Reason.better(best, new Reason(1, label + ": " + e.getMessage()));
                continue;
            }
            String digest = hex(ch, img, sig.imageDigestAlgorithm(), digests);
            CertChain chain = CertChain.build(signer, sig.certificates());
            String signerName = CertChain.name(signer);
            String problem = sig.signatureProblem(signer);

            // dbx first, as IsForbiddenByDbx: a listed certificate hash revokes without a signature check,
            // a listed certificate only through a signature that verifies up to it.
            Optional<X509Certificate> byHash = chain.tbsListed(dbx.x509TbsSha256());
            if (byHash.isPresent()) {
                return new Verdict.Refused("signer " + signerName + " is revoked by dbx (certificate hash of " + CertChain.name(byHash.get()) + ")");
            }
            if (problem == null) {
                Optional<CertChain.Anchor> revoked = chain.anchoredBy(dbx.certificates());
                if (revoked.isPresent()) {
                    return new Verdict.Refused("signer " + signerName + " is revoked by dbx (certificate " + CertChain.name(revoked.get().anchor()) + ")");
                }
            }
            boolean matches = MessageDigest.isEqual(sig.imageDigest(), HexFormat.of().parseHex(digest));
            if (allowedBy == null) {
                if (problem != null) {
                    best = Reason.better(best, new Reason(2, label + " by " + signerName + " is not valid: " + problem));
                } else if (!matches) {
                    best = Reason.better(best, new Reason(4, "signature does not match the image (modified after signing): signed "
                            + sig.imageDigestAlgorithm() + " " + HexFormat.of().formatHex(sig.imageDigest()) + ", image has " + digest));
                } else {
                    Optional<CertChain.Anchor> trusted = chain.anchoredBy(db.certificates());
                    if (trusted.isPresent()) {
                        allowedBy = "signed by " + signerName + ", trusted through db certificate " + CertChain.name(trusted.get().anchor());
                    } else {
                        best = Reason.better(best, new Reason(3, "signed by " + signerName + ", which no db certificate vouches for"));
                    }
                }
            }
            // EDK2 compares the image digest in the signature's algorithm; SignatureDb keeps SHA-256 entries only.
            if ("SHA-256".equals(sig.imageDigestAlgorithm())) {
                if (dbx.sha256().contains(digest)) {
                    return new Verdict.Refused("image digest is in dbx (SHA-256 " + digest + ")");
                }
                if (allowedBy == null && db.sha256().contains(digest)) {
                    allowedBy = "image digest listed in db (SHA-256 " + digest + ")";
                }
            }
        }
        if (entries.corrupt() != null) {
            // EDK2 refuses when the entries do not end exactly at the table's end, whatever they said.
            return new Verdict.Refused(entries.corrupt());
        }
        if (allowedBy != null) {
            return new Verdict.Allowed(allowedBy);
        }
        return new Verdict.Refused(best == null ? "not signed: its certificate table holds no signature" : best.text());
    }

    private static String hex(FileChannel ch, PeImage img, String algorithm, Map<String, String> cache) throws IOException {
        String d = cache.get(algorithm);
        if (d == null) {
            d = HexFormat.of().formatHex(Authenticode.digest(ch, img, Authenticode.messageDigest(algorithm)));
            cache.put(algorithm, d);
        }
        return d;
    }

    /** A refusal reason and how much it tells the operator: a mismatch beats an untrusted signer beats a bad blob. */
    private record Reason(int weight, String text) {
        static Reason better(Reason a, Reason b) {
            return a == null || b.weight > a.weight ? b : a;
        }
    }
}
