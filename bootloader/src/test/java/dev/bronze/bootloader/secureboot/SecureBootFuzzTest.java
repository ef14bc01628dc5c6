package dev.bronze.bootloader.secureboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Outside bytes (db/dbx variables, EFI binaries, their PKCS#7) fail only with SecureBootException or a Refused verdict. */
class SecureBootFuzzTest {

    private static byte[] signedImage;
    private static SignatureDb db;

    /** A real sbsign-signed systemd-boot, made once: mutations of it get past the magics into the signature code. */
    private static synchronized byte[] signed() throws IOException {
        if (signedImage == null) {
            SecureBootPeers.require();
            Path dir = Files.createTempDirectory("secureboot-fuzz");
            SecureBootPeers.Key ca = SecureBootPeers.selfSigned(dir, "ca", "Bronze Fuzz db CA");
            signedImage = Files.readAllBytes(SecureBootPeers.sign(SecureBootPeers.SYSTEMD_BOOT, ca, dir.resolve("signed.efi")));
            db = SecureBootPeers.certList(dir, ca.cert());
        }
        return signedImage.clone();
    }

    @FuzzTest(maxDuration = "20s")
    void signatureListsFailOnlyWithSecureBootException(FuzzedDataProvider data) {
        byte[] esl = data.consumeBoolean()
                ? EslBytes.list(EfiGuid.CERT_SHA256, data.consumeInt(0, 64), 48, data.consumeBytes(32 * data.consumeInt(0, 4)))
                : new byte[0];
        byte[] fuzz = data.consumeRemainingAsBytes();
        if (esl.length == 0) {
            esl = fuzz;
        } else {
            System.arraycopy(fuzz, 0, esl, 0, Math.min(fuzz.length, esl.length));
        }
        try {
            SignatureDb parsed = EfiSignatureLists.parse(esl);
            assertThat(parsed.sha256().size() + parsed.certificates().size() + parsed.x509TbsSha256().size() + parsed.otherEntries())
                    .isLessThanOrEqualTo(esl.length / 17 + 1);
        } catch (SecureBootException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void hostileImagesAreRefusedNotThrown(FuzzedDataProvider data) throws IOException {
        byte[] image = signed();
        int at = data.consumeInt(0, image.length - 1);
        byte[] fuzz = data.consumeBytes(4096);
        if (data.consumeBoolean()) {
            // Aim at the headers and the certificate table, where the parsing is.
            at = data.consumeBoolean() ? at % 1024 : Math.max(0, image.length - 1 - at % 2048);
        }
        System.arraycopy(fuzz, 0, image, at, Math.min(fuzz.length, image.length - at));
        int cut = data.consumeInt(0, image.length);
        Path p = Files.createTempFile("fuzz", ".efi");
        try {
            Files.write(p, java.util.Arrays.copyOf(image, data.consumeBoolean() ? cut : image.length));
            Verdict v = SecureBootVerifier.verify(p, db, SignatureDb.empty());
            assertThat(v).isNotNull();
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void pkcs7FailsOnlyWithSecureBootException(FuzzedDataProvider data) throws IOException {
        Path p = Files.createTempFile("fuzz", ".efi");
        byte[] pkcs7;
        try {
            Files.write(p, signed());
            List<byte[]> sigs = Authenticode.signatures(p);
            pkcs7 = sigs.get(0);
        } finally {
            Files.deleteIfExists(p);
        }
        byte[] fuzz = data.consumeBytes(512);
        int at = data.consumeInt(0, pkcs7.length - 1);
        System.arraycopy(fuzz, 0, pkcs7, at, Math.min(fuzz.length, pkcs7.length - at));
        try {
            AuthenticodeSignature s = AuthenticodeSignature.parse(pkcs7);
            // Valid or not (a mutation of an unsigned field leaves it valid), the check answers instead of throwing.
            s.signatureProblem(s.signer());
        } catch (SecureBootException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
