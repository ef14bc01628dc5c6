package dev.bronze.bootloader.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signatures made by stock openssl, the way an operator makes them, verified by Bronze. */
class PayloadVerifierTest {

    @TempDir
    Path dir;

    Path kernel;
    Path initrd;

    static void openssl(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), out).isZero();
    }

    @BeforeEach
    void payload() throws IOException {
        kernel = Files.write(dir.resolve("vmlinuz"), "kernel bytes".repeat(1000).getBytes());
        initrd = Files.write(dir.resolve("initrd.img"), "initrd bytes".repeat(700).getBytes());
    }

    /** Makes a key pair with openssl and signs the manifest the way the README tells operators to. */
    Path signWithOpenssl(String alg, String name) throws Exception {
        Path manifest = dir.resolve(name + ".manifest");
        Files.write(manifest, PayloadManifest.ofKernel(kernel, initrd).bytes());
        if (alg.equals("ed25519")) {
            openssl(dir, "genpkey", "-algorithm", "ed25519", "-out", name + ".key");
            openssl(dir, "pkeyutl", "-sign", "-rawin", "-inkey", name + ".key", "-in", manifest.getFileName().toString(),
                    "-out", name + ".sig");
        } else {
            openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key");
            openssl(dir, "dgst", "-sha256", "-sign", name + ".key", "-out", name + ".sig", manifest.getFileName().toString());
        }
        openssl(dir, "pkey", "-in", name + ".key", "-pubout", "-out", name + ".pub");
        return dir.resolve(name + ".sig");
    }

    TrustKey key(String name) throws IOException {
        return TrustKey.parsePem(Files.readString(dir.resolve(name + ".pub")));
    }

    @Test
    void manifestIsWhatSha256sumWrites() throws Exception {
        Process p = new ProcessBuilder("sha256sum", kernel.toString(), initrd.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor();
        String expected = out.replace(kernel.toString(), "kernel").replace(initrd.toString(), "initrd");
        assertThat(new String(PayloadManifest.ofKernel(kernel, initrd).bytes(), StandardCharsets.US_ASCII))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "p256"})
    void opensslSignaturesVerify(String alg) throws Exception {
        Path sig = signWithOpenssl(alg, "a");
        TrustKey key = key("a");
        assertThat(key.algorithm()).isEqualTo(alg.equals("ed25519") ? TrustKey.Algorithm.ED25519 : TrustKey.Algorithm.ECDSA_P256);
        new PayloadVerifier(Optional.of(key)).verify(PayloadManifest.ofKernel(kernel, initrd), Optional.of(sig));
        assertThat(TrustKey.parsePem(key.toPem()).fingerprint()).isEqualTo(key.fingerprint());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "p256"})
    void aFlippedByteInAnyPayloadFileIsRefused(String alg) throws Exception {
        Path sig = signWithOpenssl(alg, "a");
        PayloadVerifier v = new PayloadVerifier(Optional.of(key("a")));
        for (Path f : List.of(kernel, initrd)) {
            byte[] original = Files.readAllBytes(f);
            byte[] flipped = original.clone();
            flipped[original.length / 2] ^= 0x01;
            Files.write(f, flipped);
            assertRefused(() -> v.verify(PayloadManifest.ofKernel(kernel, initrd), Optional.of(sig)), "does not match");
            Files.write(f, original);
        }
        v.verify(PayloadManifest.ofKernel(kernel, initrd), Optional.of(sig));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "p256"})
    void aSignatureByAnotherKeyIsRefused(String alg) throws Exception {
        Path sig = signWithOpenssl(alg, "a");
        signWithOpenssl(alg, "b");
        PayloadVerifier v = new PayloadVerifier(Optional.of(key("b")));
        assertRefused(() -> v.verify(PayloadManifest.ofKernel(kernel, initrd), Optional.of(sig)), "does not match");
    }

    @Test
    void aMissingSignatureWithATrustKeyIsRefused() throws Exception {
        signWithOpenssl("ed25519", "a");
        PayloadVerifier v = new PayloadVerifier(Optional.of(key("a")));
        assertRefused(() -> v.verify(PayloadManifest.ofKernel(kernel, initrd), Optional.empty()), "must be signed");
        assertRefused(() -> v.verify(PayloadManifest.ofKernel(kernel, initrd), Optional.of(dir.resolve("nope.sig"))),
                "missing");
    }

    @Test
    void garbageSignaturesAreRefusedNotThrown() throws Exception {
        signWithOpenssl("p256", "a");
        PayloadVerifier v = new PayloadVerifier(Optional.of(key("a")));
        for (byte[] junk : List.of(new byte[0], new byte[64], "0\u0006\u0002\u0001\u0001\u0002\u0001\u0001".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {0x30, (byte) 0x81})) {
            Path s = Files.write(dir.resolve("junk.sig"), junk);
            assertRefused(() -> v.verify(PayloadManifest.ofKernel(kernel, initrd), Optional.of(s)), "does not match");
        }
    }

    @Test
    void unsignedPayloadsPassWithoutATrustKey() throws Exception {
        new PayloadVerifier(Optional.empty()).verify(PayloadManifest.ofKernel(kernel, initrd), Optional.empty());
    }

    @Test
    void otherKeyTypesAreRefusedAtInstall() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa.key");
        openssl(dir, "pkey", "-in", "rsa.key", "-pubout", "-out", "rsa.pub");
        assertThatThrownBy(() -> key("rsa")).isInstanceOf(BootloaderException.class).hasMessageContaining("Ed25519");
        openssl(dir, "ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "p384.key");
        openssl(dir, "pkey", "-in", "p384.key", "-pubout", "-out", "p384.pub");
        assertThatThrownBy(() -> key("p384")).isInstanceOf(BootloaderException.class);
        assertThatThrownBy(() -> TrustKey.parsePem("hello")).isInstanceOf(BootloaderException.class)
                .hasMessageContaining("PEM");
    }

    interface Action {
        void run() throws Exception;
    }

    static void assertRefused(Action a, String message) {
        assertThatThrownBy(a::run).isInstanceOfSatisfying(BootloaderException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.REFUSED)).hasMessageContaining(message);
    }
}
