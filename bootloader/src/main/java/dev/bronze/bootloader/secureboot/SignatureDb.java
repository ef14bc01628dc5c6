package dev.bronze.bootloader.secureboot;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * The contents of db or dbx: what EFI_SIGNATURE_LISTs hold that matters for image verification.
 *
 * @param certificates  EFI_CERT_X509_GUID entries
 * @param sha256        EFI_CERT_SHA256_GUID entries: lower-case hex Authenticode image digests
 * @param x509TbsSha256 EFI_CERT_X509_SHA256_GUID entries: lower-case hex SHA-256 of a certificate's TBSCertificate
 * @param otherEntries  entries of types we do not evaluate (SHA-1, RSA-2048, SHA-384 ...), counted only
 */
public record SignatureDb(List<X509Certificate> certificates, Set<String> sha256, Set<String> x509TbsSha256,
                          int otherEntries) {

    public SignatureDb {
        certificates = List.copyOf(certificates);
        sha256 = Set.copyOf(sha256);
        x509TbsSha256 = Set.copyOf(x509TbsSha256);
        if (otherEntries < 0) {
            throw new IllegalArgumentException("otherEntries must not be negative: " + otherEntries);
        }
    }

    public static SignatureDb empty() {
        return new SignatureDb(List.of(), Set.of(), Set.of(), 0);
    }

    public boolean isEmpty() {
        return certificates.isEmpty() && sha256.isEmpty() && x509TbsSha256.isEmpty() && otherEntries == 0;
    }
}
