package dev.bronze.bootloader.secureboot;

import static dev.bronze.bootloader.secureboot.SecureBootPeers.SYSTEMD_BOOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.bootloader.secureboot.SecureBootPeers.Key;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, inconsistent and random inputs: each a Refused verdict or a SecureBootException naming the fault, quickly. */
@Timeout(20)
class HostileInputTest {

    @TempDir
    Path dir;
    SignatureDb db;
    Key ca;

    @BeforeEach
    void tools() throws IOException {
        SecureBootPeers.require();
        ca = SecureBootPeers.selfSigned(dir, "ca", "Bronze Test db CA");
        db = SecureBootPeers.certList(dir, ca.cert());
    }

    private String refused(byte[] image) throws IOException {
        Path p = Files.write(dir.resolve("hostile-" + System.nanoTime() + ".efi"), image);
        Verdict v = SecureBootVerifier.verify(p, db, SignatureDb.empty());
        assertThat(v).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused) v).reason();
    }

    private PeImage layout(Path pe) throws IOException {
        try (FileChannel ch = FileChannel.open(pe)) {
            return PeImage.read(ch);
        }
    }

    @Test
    void truncatedImage() throws IOException {
        byte[] pe = Files.readAllBytes(SYSTEMD_BOOT);
        assertThat(refused(Arrays.copyOf(pe, 200))).contains("runs past the end");
        assertThat(refused(Arrays.copyOf(pe, 10))).contains("smaller than a DOS header");
        assertThat(refused(new byte[0])).contains("not a PE image");
    }

    @Test
    void eLfanewPastTheEnd() throws IOException {
        byte[] pe = new byte[4096];
        pe[0] = 'M';
        pe[1] = 'Z';
        ByteBuffer.wrap(pe).order(ByteOrder.LITTLE_ENDIAN).putInt(0x3c, 0x7fff0000);
        assertThat(refused(pe)).isEqualTo("not a PE image: e_lfanew 2147418112 points past the end of the 4096-byte file");
    }

    @Test
    void sectionDataPastTheEnd() throws IOException {
        PeImage img = layout(SYSTEMD_BOOT);
        PeImage.Section last = img.sections().get(img.sections().size() - 1);
        byte[] pe = Arrays.copyOf(Files.readAllBytes(SYSTEMD_BOOT), (int) (last.pointerToRawData() + last.sizeOfRawData() - 1));
        assertThat(refused(pe)).contains("raw data at " + last.pointerToRawData()).contains("runs past the end");
    }

    @Test
    void certificateTablePastTheEnd() throws IOException {
        Path signed = SecureBootPeers.sign(SYSTEMD_BOOT, ca, dir.resolve("signed.efi"));
        byte[] pe = Files.readAllBytes(signed);
        assertThat(refused(Arrays.copyOf(pe, pe.length - 100))).contains("certificate table at").contains("runs past the end");
        assertThatThrownBy(() -> Authenticode.digest(Files.write(dir.resolve("t.efi"), Arrays.copyOf(pe, pe.length - 100)), "SHA-256"))
                .isInstanceOf(SecureBootException.class);
    }

    @Test
    void garbagePkcs7() throws IOException {
        Path signed = SecureBootPeers.sign(SYSTEMD_BOOT, ca, dir.resolve("signed.efi"));
        PeImage img = layout(signed);
        byte[] pe = Files.readAllBytes(signed);
        Random r = new Random(7);
        for (int i = (int) img.certTable() + 8; i < img.certTable() + img.certTableSize(); i++) {
            pe[i] = (byte) r.nextInt();
        }
        assertThat(refused(pe)).startsWith("signature 0: malformed PKCS#7");
        // A certificate entry claiming more bytes than the table holds.
        byte[] corrupt = Files.readAllBytes(signed);
        ByteBuffer.wrap(corrupt).order(ByteOrder.LITTLE_ENDIAN).putInt((int) img.certTable(), (int) img.certTableSize() + 8);
        assertThat(refused(corrupt)).startsWith("certificate table is corrupt");
        // A table too short to hold even a WIN_CERTIFICATE header (found by SecureBootFuzzTest).
        byte[] tiny = Files.readAllBytes(signed);
        ByteBuffer.wrap(tiny).order(ByteOrder.LITTLE_ENDIAN).putInt((int) img.certDirEntry() + 4, 3);
        assertThat(refused(tiny)).isEqualTo("certificate table is corrupt: 3 bytes left at 0, too few for a WIN_CERTIFICATE");
    }

    @Test
    void tenMebibytesOfGarbage() throws IOException {
        byte[] junk = new byte[10 << 20];
        new Random(1).nextBytes(junk);
        long start = System.nanoTime();
        assertThat(refused(junk)).isEqualTo("not a PE image: no MZ signature");
        junk[0] = 'M';
        junk[1] = 'Z';
        assertThat(refused(junk)).startsWith("not a PE image");
        assertThatThrownBy(() -> EfiSignatureLists.parse(junk)).isInstanceOf(SecureBootException.class)
                .hasMessage("signature list of 10485760 bytes is larger than the 1048576 bytes a firmware variable can hold");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void signatureListSmallerThanItsHeader() {
        byte[] esl = EslBytes.header(EfiGuid.CERT_SHA256, 20, 0, 48);
        assertThatThrownBy(() -> EfiSignatureLists.parse(esl)).isInstanceOf(SecureBootException.class)
                .hasMessage("signature list 0 at offset 0: SignatureListSize 20 is smaller than its header (28 + SignatureHeaderSize 0)");
        byte[] bigHeader = EslBytes.header(EfiGuid.CERT_SHA256, 28, 0xfffffff0L, 48);
        assertThatThrownBy(() -> EfiSignatureLists.parse(bigHeader)).isInstanceOf(SecureBootException.class)
                .hasMessageContaining("is smaller than its header");
        assertThatThrownBy(() -> EfiSignatureLists.parse(new byte[10])).isInstanceOf(SecureBootException.class)
                .hasMessageContaining("fewer than the 28-byte header");
        assertThatThrownBy(() -> EfiSignatureLists.parseEfivar(new byte[3])).isInstanceOf(SecureBootException.class)
                .hasMessageContaining("attribute word");
    }

    @Test
    void signatureListPastTheEnd() throws IOException {
        Path esl = dir.resolve("ca.esl");
        dev.bronze.testing.qemu.HostCommand.run("cert-to-efi-sig-list", ca.cert().toString(), esl.toString());
        byte[] real = Files.readAllBytes(esl);
        assertThatThrownBy(() -> EfiSignatureLists.parse(Arrays.copyOf(real, real.length - 10))).isInstanceOf(SecureBootException.class)
                .hasMessage("signature list 0 at offset 0: SignatureListSize " + real.length + " runs past the end of the data (" + (real.length - 10) + " bytes left)");
    }

    @Test
    void inconsistentEntrySizes() {
        byte[] notWhole = EslBytes.header(EfiGuid.CERT_SHA256, 28 + 50, 0, 48);
        assertThatThrownBy(() -> EfiSignatureLists.parse(Arrays.copyOf(notWhole, 78))).isInstanceOf(SecureBootException.class)
                .hasMessageContaining("not a whole number of SignatureSize 48");
        byte[] wrongSha = EslBytes.list(EfiGuid.CERT_SHA256, 0, 16 + 20, new byte[20]);
        assertThatThrownBy(() -> EfiSignatureLists.parse(wrongSha)).isInstanceOf(SecureBootException.class)
                .hasMessageContaining("EFI_CERT_SHA256 entries hold 32 bytes");
        byte[] zero = EslBytes.header(EfiGuid.CERT_SHA256, 28, 0, 0);
        assertThatThrownBy(() -> EfiSignatureLists.parse(zero)).isInstanceOf(SecureBootException.class)
                .hasMessageContaining("SignatureSize 0");
        byte[] badCert = EslBytes.list(EfiGuid.CERT_X509, 0, 16 + 40, new byte[40]);
        assertThatThrownBy(() -> EfiSignatureLists.parse(badCert)).isInstanceOf(SecureBootException.class)
                .hasMessageContaining("EFI_CERT_X509 entry is not a DER certificate");
    }

    @Test
    void unknownTypesAreCounted() throws SecureBootException {
        byte[] sha1 = EslBytes.list("826ca512-cf10-4ac9-b187-be01496631bd", 0, 16 + 20, new byte[40]);
        SignatureDb db = EfiSignatureLists.parse(sha1);
        assertThat(db.otherEntries()).isEqualTo(2);
        assertThat(db.isEmpty()).isFalse();
    }
}
