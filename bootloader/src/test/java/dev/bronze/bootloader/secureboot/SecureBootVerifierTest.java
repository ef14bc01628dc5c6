package dev.bronze.bootloader.secureboot;

import static dev.bronze.bootloader.secureboot.SecureBootPeers.LINUX_STUB;
import static dev.bronze.bootloader.secureboot.SecureBootPeers.SYSTEMD_BOOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bronze.bootloader.secureboot.SecureBootPeers.Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our verdicts and digests against sbsign/sbverify (sbsigntool), efitools' ESL writers and openssl keys. */
class SecureBootVerifierTest {

    @TempDir
    static Path keys;
    @TempDir
    Path dir;

    static Key ca;
    static Key other;
    static Key leaf;
    static SignatureDb dbCa;

    @BeforeAll
    static void keys() throws IOException {
        SecureBootPeers.require();
        ca = SecureBootPeers.selfSigned(keys, "ca", "Bronze Test db CA");
        other = SecureBootPeers.selfSigned(keys, "other", "Bronze Test Unrelated");
        leaf = SecureBootPeers.issuedBy(keys, "leaf", "Bronze Test Leaf", ca);
        dbCa = SecureBootPeers.certList(keys, ca.cert());
    }

    static List<Path> binaries() {
        return List.of(SYSTEMD_BOOT, LINUX_STUB);
    }

    private static String sha256(Path pe) throws IOException {
        return HexFormat.of().formatHex(Authenticode.digest(pe, "SHA-256"));
    }

    /**
     * hash-to-efi-sig-list writes the Authenticode SHA-256 into an ESL: checks the digest and the parser at once.
     * efitools (like sbsign) first pads the image with zeros to a multiple of 8 bytes; EDK2 hashes the file as it
     * is (HashPeImage's mImageSize is the file size). Both binaries are unaligned, so efitools is compared on a
     * padded copy, and on the original it must differ: a db hash made by efitools of an unaligned binary does
     * not admit that binary.
     */
    @ParameterizedTest
    @MethodSource("binaries")
    void digestEqualsEfitools(Path binary) throws IOException {
        assertThat(Files.size(binary) % 8).as("the test relies on an unaligned binary").isNotZero();
        Path padded = padded(binary, dir.resolve("padded.efi"));
        Path signed = SecureBootPeers.sign(binary, ca, dir.resolve("signed.efi"));
        for (Path image : List.of(padded, signed)) {
            SignatureDb listed = EfiSignatureLists.parse(Files.readAllBytes(SecureBootPeers.hashList(dir, image)));
            assertThat(listed.sha256()).as(image.toString()).containsExactly(sha256(image));
            assertThat(listed.certificates()).isEmpty();
            assertThat(listed.otherEntries()).isZero();
        }
        SignatureDb ofOriginal = EfiSignatureLists.parse(Files.readAllBytes(SecureBootPeers.hashList(dir, binary)));
        assertThat(ofOriginal.sha256()).containsExactly(sha256(padded)).doesNotContain(sha256(binary));
        // sbsign signs the padded image: the signature covers what the padded copy hashes to.
        assertThat(sha256(signed)).isEqualTo(sha256(padded));
        assertThat(Authenticode.signatures(signed)).hasSize(1);
        assertThat(Authenticode.signatures(binary)).isEmpty();
    }

    /** {@code binary} with zeros appended up to a multiple of 8 bytes, as sbsign and efitools see it. */
    static Path padded(Path binary, Path out) throws IOException {
        byte[] b = Files.readAllBytes(binary);
        return Files.write(out, java.util.Arrays.copyOf(b, (b.length + 7) & ~7));
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void signedByDbCertificateIsAllowedAsSbverifySays(Path binary) throws IOException {
        Path signed = SecureBootPeers.sign(binary, ca, dir.resolve("signed.efi"));
        assertThat(SecureBootPeers.sbverify(signed, ca.cert())).isTrue();
        assertThat(SecureBootVerifier.verify(signed, dbCa, SignatureDb.empty()))
                .isEqualTo(new Verdict.Allowed("signed by CN=Bronze Test db CA, trusted through db certificate CN=Bronze Test db CA"));
    }

    /** OVMF_VARS_4M.snakeoil.fd's db holds Debian's snakeoil certificate. */
    @Test
    void signedWithDebianSnakeoilIsAllowedBySnakeoilDb() throws IOException {
        Key snakeoil = SecureBootPeers.snakeoil(dir);
        Path signed = SecureBootPeers.sign(SYSTEMD_BOOT, snakeoil, dir.resolve("sd-boot.efi"));
        assertThat(SecureBootPeers.sbverify(signed, snakeoil.cert())).isTrue();
        Verdict v = SecureBootVerifier.verify(signed, SecureBootPeers.certList(dir, snakeoil.cert()), SignatureDb.empty());
        assertThat(v).isInstanceOf(Verdict.Allowed.class);
        assertThat(((Verdict.Allowed) v).by()).contains("trusted through db certificate");
        assertThat(SecureBootVerifier.verify(signed, dbCa, SignatureDb.empty())).isInstanceOf(Verdict.Refused.class);
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void unsignedIsRefused(Path binary) throws IOException {
        assertThat(SecureBootPeers.sbverify(binary, ca.cert())).isFalse();
        assertThat(SecureBootVerifier.verify(binary, dbCa, SignatureDb.empty()))
                .isInstanceOfSatisfying(Verdict.Refused.class, r -> assertThat(r.reason()).startsWith("not signed"));
    }

    @Test
    void signedByAnotherKeyIsRefused() throws IOException {
        Path signed = SecureBootPeers.sign(LINUX_STUB, other, dir.resolve("other.efi"));
        assertThat(SecureBootPeers.sbverify(signed, ca.cert())).isFalse();
        assertThat(SecureBootVerifier.verify(signed, dbCa, SignatureDb.empty()))
                .isEqualTo(new Verdict.Refused("signed by CN=Bronze Test Unrelated, which no db certificate vouches for"));
    }

    @Test
    void oneByteChangedInASectionIsRefused() throws IOException {
        Path signed = SecureBootPeers.sign(SYSTEMD_BOOT, ca, dir.resolve("signed.efi"));
        long at;
        try (var ch = java.nio.channels.FileChannel.open(signed)) {
            at = PeImage.read(ch).sections().get(0).pointerToRawData() + 100;
        }
        byte[] b = Files.readAllBytes(signed);
        b[(int) at] ^= 0x01;
        Files.write(signed, b);
        assertThat(SecureBootPeers.sbverify(signed, ca.cert())).isFalse();
        assertThat(SecureBootVerifier.verify(signed, dbCa, SignatureDb.empty()))
                .isInstanceOfSatisfying(Verdict.Refused.class, r -> assertThat(r.reason()).contains("does not match the image (modified after signing)"));
    }

    /** sbsign --addcert puts the CA into the PKCS#7; db holds only the CA. */
    @Test
    void leafOfADbCaIsAllowedThroughTheChain() throws IOException {
        Path signed = SecureBootPeers.sign(SYSTEMD_BOOT, leaf, dir.resolve("leaf.efi"), ca.cert());
        assertThat(SecureBootPeers.sbverify(signed, ca.cert())).isTrue();
        assertThat(SecureBootVerifier.verify(signed, dbCa, SignatureDb.empty()))
                .isEqualTo(new Verdict.Allowed("signed by CN=Bronze Test Leaf, trusted through db certificate CN=Bronze Test db CA"));
        // Without the CA in the signature the chain still ends at db: the CA issued the leaf directly.
        Path bare = SecureBootPeers.sign(SYSTEMD_BOOT, leaf, dir.resolve("bare.efi"));
        assertThat(SecureBootPeers.sbverify(bare, ca.cert())).isTrue();
        assertThat(SecureBootVerifier.verify(bare, dbCa, SignatureDb.empty())).isInstanceOf(Verdict.Allowed.class);
        // The leaf in dbx revokes it even though its CA is trusted.
        assertThat(SecureBootVerifier.verify(signed, dbCa, SecureBootPeers.certList(dir, leaf.cert())))
                .isEqualTo(new Verdict.Refused("signer CN=Bronze Test Leaf is revoked by dbx (certificate CN=Bronze Test Leaf)"));
    }

    @Test
    void unsignedImageWhoseDigestIsInDbIsAllowedUnlessDbxListsIt() throws IOException {
        Path stub = padded(LINUX_STUB, dir.resolve("stub.efi"));
        SignatureDb digest = EfiSignatureLists.parse(Files.readAllBytes(SecureBootPeers.hashList(dir, stub)));
        assertThat(SecureBootVerifier.verify(stub, digest, SignatureDb.empty()))
                .isInstanceOfSatisfying(Verdict.Allowed.class, a -> assertThat(a.by()).startsWith("image digest listed in db"));
        // efitools' digest of the unaligned original is that of the padded copy: the firmware would refuse the original.
        SignatureDb ofOriginal = EfiSignatureLists.parse(Files.readAllBytes(SecureBootPeers.hashList(dir, LINUX_STUB)));
        assertThat(SecureBootVerifier.verify(LINUX_STUB, ofOriginal, SignatureDb.empty())).isInstanceOf(Verdict.Refused.class);
        assertThat(SecureBootVerifier.verify(stub, digest, digest))
                .isInstanceOfSatisfying(Verdict.Refused.class, r -> assertThat(r.reason()).startsWith("image digest is in dbx"));
    }

    /** sbverify knows no dbx: it accepts these, the firmware would not. */
    @Test
    void dbxWinsOverAValidSignature() throws IOException {
        Path signed = SecureBootPeers.sign(SYSTEMD_BOOT, ca, dir.resolve("signed.efi"));
        assertThat(SecureBootPeers.sbverify(signed, ca.cert())).isTrue();
        SignatureDb digest = EfiSignatureLists.parse(Files.readAllBytes(SecureBootPeers.hashList(dir, signed)));
        assertThat(SecureBootVerifier.verify(signed, dbCa, digest))
                .isInstanceOfSatisfying(Verdict.Refused.class, r -> assertThat(r.reason()).startsWith("image digest is in dbx"));
        assertThat(SecureBootVerifier.verify(signed, dbCa, dbCa))
                .isEqualTo(new Verdict.Refused("signer CN=Bronze Test db CA is revoked by dbx (certificate CN=Bronze Test db CA)"));
        // A signed image whose digest is in db is allowed even when no db certificate vouches for its signer.
        Path byOther = SecureBootPeers.sign(SYSTEMD_BOOT, other, dir.resolve("other.efi"));
        SignatureDb otherDigest = EfiSignatureLists.parse(Files.readAllBytes(SecureBootPeers.hashList(dir, byOther)));
        assertThat(SecureBootVerifier.verify(byOther, otherDigest, SignatureDb.empty()))
                .isInstanceOfSatisfying(Verdict.Allowed.class, a -> assertThat(a.by()).startsWith("image digest listed in db"));
    }

    /** sbsign on a signed image adds a second WIN_CERTIFICATE: any trusted signature admits, any revoked one refuses. */
    @Test
    void twoSignatures() throws IOException {
        Path once = SecureBootPeers.sign(LINUX_STUB, other, dir.resolve("once.efi"));
        Path twice = SecureBootPeers.sign(once, ca, dir.resolve("twice.efi"));
        assertThat(Authenticode.signatures(twice)).hasSize(2);
        assertThat(SecureBootPeers.sbverify(twice, ca.cert())).isTrue();
        assertThat(SecureBootPeers.sbverify(twice, other.cert())).isTrue();
        assertThat(SecureBootVerifier.verify(twice, dbCa, SignatureDb.empty()))
                .isEqualTo(new Verdict.Allowed("signed by CN=Bronze Test db CA, trusted through db certificate CN=Bronze Test db CA"));
        assertThat(SecureBootVerifier.verify(twice, SecureBootPeers.certList(dir, other.cert()), SignatureDb.empty()))
                .isEqualTo(new Verdict.Allowed("signed by CN=Bronze Test Unrelated, trusted through db certificate CN=Bronze Test Unrelated"));
        assertThat(SecureBootVerifier.verify(twice, dbCa, SecureBootPeers.certList(dir, other.cert())))
                .isEqualTo(new Verdict.Refused("signer CN=Bronze Test Unrelated is revoked by dbx (certificate CN=Bronze Test Unrelated)"));
        Key third = SecureBootPeers.selfSigned(dir, "third", "Bronze Test Third");
        assertThat(SecureBootVerifier.verify(twice, SecureBootPeers.certList(dir, third.cert()), SignatureDb.empty()))
                .isInstanceOfSatisfying(Verdict.Refused.class, r -> assertThat(r.reason()).endsWith("which no db certificate vouches for"));
    }

    /** EFI_CERT_X509_SHA256 in dbx: the TBSCertificate hash is taken by openssl, the list laid out per UEFI §32.4.1. */
    @Test
    void certificateHashInDbxRevokesTheChain() throws IOException {
        Path signed = SecureBootPeers.sign(SYSTEMD_BOOT, leaf, dir.resolve("leaf.efi"), ca.cert());
        Path der = dir.resolve("ca.der");
        Path tbs = dir.resolve("ca.tbs");
        dev.bronze.testing.qemu.HostCommand.run("openssl", "x509", "-in", ca.cert().toString(), "-outform", "DER", "-out", der.toString());
        dev.bronze.testing.qemu.HostCommand.run("openssl", "asn1parse", "-inform", "DER", "-in", der.toString(), "-strparse", "4", "-noout", "-out", tbs.toString());
        byte[] hash = HexFormat.of().parseHex(dev.bronze.testing.qemu.HostCommand.run("openssl", "dgst", "-sha256", "-r", tbs.toString()).substring(0, 64));
        byte[] esl = EslBytes.list(EfiGuid.CERT_X509_SHA256, 0, 16 + 48, concat(hash, new byte[16]));
        SignatureDb dbx = EfiSignatureLists.parse(esl);
        assertThat(dbx.x509TbsSha256()).containsExactly(HexFormat.of().formatHex(hash));
        assertThat(SecureBootVerifier.verify(signed, dbCa, dbx))
                .isEqualTo(new Verdict.Refused("signer CN=Bronze Test Leaf is revoked by dbx (certificate hash of CN=Bronze Test db CA)"));
    }

    @Test
    void efivarfsFormIsTheListsAfterAnAttributeWord() throws IOException {
        Path esl = keys.resolve("efivar.esl");
        dev.bronze.testing.qemu.HostCommand.run("cert-to-efi-sig-list", ca.cert().toString(), esl.toString());
        byte[] lists = Files.readAllBytes(esl);
        byte[] efivar = concat(new byte[] {0x27, 0, 0, 0}, lists);
        SignatureDb db = EfiSignatureLists.parseEfivar(efivar);
        assertThat(db).isEqualTo(EfiSignatureLists.parse(lists));
        assertThat(db.certificates()).hasSize(1);
        assertThat(db.certificates().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=Bronze Test db CA");
        assertThat(db.isEmpty()).isFalse();
        assertThat(SignatureDb.empty().isEmpty()).isTrue();
        // Two lists back to back, as efi-readvar writes db with several owners.
        Path two = keys.resolve("two.esl");
        dev.bronze.testing.qemu.HostCommand.run("cert-to-efi-sig-list", other.cert().toString(), two.toString());
        SignatureDb both = EfiSignatureLists.parse(concat(lists, Files.readAllBytes(two)));
        assertThat(both.certificates()).hasSize(2);
        assertThat(Set.copyOf(both.certificates())).containsAll(db.certificates());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static Path copy(Path from, Path to) throws IOException {
        return Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
