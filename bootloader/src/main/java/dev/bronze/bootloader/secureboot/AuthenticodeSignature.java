package dev.bronze.bootloader.secureboot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.IssuerAndSerialNumber;
import org.bouncycastle.asn1.pkcs.SignedData;
import org.bouncycastle.asn1.pkcs.SignerInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * One embedded Authenticode signature: a PKCS#7 SignedData whose content is an SpcIndirectDataContent
 * carrying the image digest. Parsing never trusts a length or a type: anything unexpected is a
 * SecureBootException naming it.
 *
 * @param imageDigestAlgorithm JCA name of the DigestInfo's algorithm: the image is hashed with it
 * @param imageDigest          the digest the signer vouched for
 * @param contentBytes         the SpcIndirectDataContent's value bytes, without its SEQUENCE tag and length: what
 *                             Authenticode hashes and signs (the quirk EDK2's AuthenticodeVerify reproduces)
 * @param certificates         SignedData.certificates: the signer and whatever chain it carries
 */
record AuthenticodeSignature(String imageDigestAlgorithm, byte[] imageDigest, byte[] contentBytes,
                             List<X509Certificate> certificates, SignerInfo signerInfo) {

    static final ASN1ObjectIdentifier SIGNED_DATA = new ASN1ObjectIdentifier("1.2.840.113549.1.7.2");
    static final ASN1ObjectIdentifier SPC_INDIRECT_DATA = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.4");
    static final ASN1ObjectIdentifier MESSAGE_DIGEST = new ASN1ObjectIdentifier("1.2.840.113549.1.9.4");
    static final int MAX_CERTIFICATES = 64;

    private static final Map<String, String> DIGESTS = Map.of(
            "1.3.14.3.2.26", "SHA-1",
            "2.16.840.1.101.3.4.2.1", "SHA-256",
            "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");

    static AuthenticodeSignature parse(byte[] pkcs7) throws SecureBootException {
        try {
            ASN1Primitive top;
            try (ASN1InputStream in = new ASN1InputStream(pkcs7)) {
                top = in.readObject();
            }
            if (top == null) {
                throw new SecureBootException("PKCS#7 signature is empty");
            }
            ContentInfo ci = ContentInfo.getInstance(top);
            if (!SIGNED_DATA.equals(ci.getContentType())) {
                throw new SecureBootException("PKCS#7 content type is " + ci.getContentType() + ", not SignedData");
            }
            SignedData sd = SignedData.getInstance(ci.getContent());
            ContentInfo encap = sd.getContentInfo();
            if (!SPC_INDIRECT_DATA.equals(encap.getContentType()) || encap.getContent() == null) {
                throw new SecureBootException("PKCS#7 content is " + encap.getContentType() + ", not SpcIndirectDataContent");
            }
            ASN1Sequence spc = ASN1Sequence.getInstance(encap.getContent());
            if (spc.size() < 2) {
                throw new SecureBootException("SpcIndirectDataContent has " + spc.size() + " fields, not 2");
            }
            DigestInfo di = DigestInfo.getInstance(spc.getObjectAt(1));
            String alg = digestName(di.getAlgorithmId(), "image digest");
            if (alg.equals("SHA-1")) {
                // EDK2's HashPeImageByType knows SHA-256/384/512 only (its table has no SHA-1 since 2018).
                throw new SecureBootException("image digest algorithm SHA-1 is not one EDK2 hashes images with (SHA-256, SHA-384, SHA-512)");
            }
            // The value bytes are the concatenated DER of the sequence's elements. Re-encoding as DER differs
            // from the signed bytes only for a non-DER signer; the verdict then errs on refusing.
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (ASN1Encodable e : spc) {
                content.write(e.toASN1Primitive().getEncoded(ASN1Encoding.DER));
            }
            if (sd.getSignerInfos().size() != 1) {
                // Authenticode allows exactly one SignerInfo (further signatures go in further WIN_CERTIFICATEs
                // or as nested unsigned attributes, which EDK2 does not look at).
                throw new SecureBootException("PKCS#7 has " + sd.getSignerInfos().size() + " SignerInfos, Authenticode allows 1");
            }
            SignerInfo si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
            List<X509Certificate> certs = new ArrayList<>();
            if (sd.getCertificates() != null) {
                if (sd.getCertificates().size() > MAX_CERTIFICATES) {
                    throw new SecureBootException("PKCS#7 carries " + sd.getCertificates().size() + " certificates, more than " + MAX_CERTIFICATES);
                }
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                for (ASN1Encodable c : sd.getCertificates()) {
                    // Other choices (attribute certificates, [0]..[3] tagged) are not X.509 certificates: skip them.
                    if (c.toASN1Primitive() instanceof ASN1Sequence) {
                        certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.toASN1Primitive().getEncoded(ASN1Encoding.DER))));
                    }
                }
            }
            return new AuthenticodeSignature(alg, di.getDigest(), content.toByteArray(), List.copyOf(certs), si);
        } catch (SecureBootException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new SecureBootException("malformed PKCS#7 signature: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            // Deeply nested ASN.1 is an attack on the parser, not a signature.
            throw new SecureBootException("malformed PKCS#7 signature: ASN.1 nested too deeply");
        }
    }

    static String digestName(AlgorithmIdentifier id, String what) throws SecureBootException {
        String name = DIGESTS.get(id.getAlgorithm().getId());
        if (name == null) {
            throw new SecureBootException(what + " algorithm " + id.getAlgorithm() + " is not one EDK2 supports (SHA-1, SHA-256, SHA-384, SHA-512)");
        }
        return name;
    }

    /** The certificate SignerInfo names by issuer and serial number (PKCS#7 v1.5, as Authenticode requires). */
    X509Certificate signer() throws SecureBootException {
        IssuerAndSerialNumber iasn = signerInfo.getIssuerAndSerialNumber();
        X500Principal issuer;
        BigInteger serial;
        try {
            issuer = new X500Principal(iasn.getName().getEncoded(ASN1Encoding.DER));
            serial = iasn.getCertificateSerialNumber().getValue();
        } catch (IOException | RuntimeException e) {
            throw new SecureBootException("malformed PKCS#7 signature: unreadable signer issuer and serial number", e);
        }
        for (X509Certificate c : certificates) {
            if (issuer.equals(c.getIssuerX500Principal()) && serial.equals(c.getSerialNumber())) {
                return c;
            }
        }
        throw new SecureBootException("the PKCS#7 signature does not carry its signer's certificate (issuer " + issuer.getName() + ", serial " + serial.toString(16) + ")");
    }

    /**
     * Checks the SignerInfo's signature by {@code signer} over the content, as OpenSSL's PKCS7_signatureVerify
     * does for EDK2: with signed attributes, their messageDigest must be the digest of the content bytes and
     * the signature covers the attributes' DER as a SET; without them, it covers the content bytes.
     *
     * @return null when valid, else why not
     */
    String signatureProblem(X509Certificate signer) {
        try {
            String digestAlg = digestName(signerInfo.getDigestAlgorithm(), "signer digest");
            byte[] signed;
            ASN1Set attrs = signerInfo.getAuthenticatedAttributes();
            if (attrs != null) {
                byte[] md = null;
                for (ASN1Encodable a : attrs) {
                    Attribute attr = Attribute.getInstance(a);
                    if (MESSAGE_DIGEST.equals(attr.getAttrType())) {
                        if (md != null || attr.getAttrValues().size() != 1) {
                            return "its signed attributes hold more than one messageDigest";
                        }
                        md = ASN1OctetString.getInstance(attr.getAttrValues().getObjectAt(0)).getOctets();
                    }
                }
                if (md == null) {
                    return "its signed attributes lack a messageDigest";
                }
                if (!MessageDigest.isEqual(md, MessageDigest.getInstance(digestAlg).digest(contentBytes))) {
                    return "its messageDigest attribute does not match the signed content";
                }
                signed = attrs.getEncoded(ASN1Encoding.DER);
            } else {
                signed = contentBytes;
            }
            String keyAlg = signer.getPublicKey().getAlgorithm();
            String jca = digestAlg.replace("-", "") + "with" + switch (keyAlg) {
                case "RSA" -> "RSA";
                case "EC" -> "ECDSA";
                default -> throw new SecureBootException("signer key type " + keyAlg + " is not supported");
            };
            Signature s = Signature.getInstance(jca);
            s.initVerify(signer.getPublicKey());
            s.update(signed);
            return s.verify(signerInfo.getEncryptedDigest().getOctets()) ? null : "the signature value does not verify with the signer's key";
        } catch (SecureBootException e) {
            return e.getMessage();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return "the signature cannot be checked: " + e.getMessage();
        }
    }
}
