package dev.bronze.bootloader.secureboot;

import dev.bronze.testing.qemu.HostCommand;
import dev.bronze.testing.qemu.HostTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real tools the verifier is checked against: openssl makes keys, sbsign signs and sbverify verifies
 * (sbsigntool), cert-to-efi-sig-list and hash-to-efi-sig-list write db/dbx (efitools), and Debian's
 * systemd-boot-efi and OVMF packages provide the binaries and the snakeoil key OVMF's db trusts.
 */
final class SecureBootPeers {

    static final Path SYSTEMD_BOOT = Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi");
    static final Path LINUX_STUB = Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub");
    static final Path SNAKEOIL_KEY = Path.of("/usr/share/ovmf/PkKek-1-snakeoil.key");
    static final Path SNAKEOIL_PEM = Path.of("/usr/share/ovmf/PkKek-1-snakeoil.pem");

    private SecureBootPeers() {
    }

    /** Fails under CI=true when a tool or file is missing (see .ci/apt/secureboot.txt), skips elsewhere. */
    static void require() {
        HostTools.require("openssl", "sbsign", "sbverify", "cert-to-efi-sig-list", "hash-to-efi-sig-list");
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(SYSTEMD_BOOT, LINUX_STUB, SNAKEOIL_KEY, SNAKEOIL_PEM)) {
            if (!Files.isRegularFile(p)) {
                missing.add(p.toString());
            }
        }
        if (!missing.isEmpty()) {
            String msg = "missing " + missing + " (packages systemd-boot-efi, ovmf: see .ci/apt/secureboot.txt)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail(msg + "; CI=true, so this is a failure, not a skip");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, msg);
        }
    }

    /** A key and its certificate: {@code name.key}, {@code name.pem}. */
    record Key(Path key, Path cert) {
    }

    static Key selfSigned(Path dir, String name, String cn) throws IOException {
        Key k = new Key(dir.resolve(name + ".key"), dir.resolve(name + ".pem"));
        HostCommand.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650",
                "-keyout", k.key().toString(), "-out", k.cert().toString(), "-subj", "/CN=" + cn);
        return k;
    }

    static Key issuedBy(Path dir, String name, String cn, Key ca) throws IOException {
        Key k = new Key(dir.resolve(name + ".key"), dir.resolve(name + ".pem"));
        Path csr = dir.resolve(name + ".csr");
        HostCommand.run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", k.key().toString(),
                "-out", csr.toString(), "-subj", "/CN=" + cn);
        HostCommand.run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(),
                "-CAkey", ca.key().toString(), "-set_serial", "4242", "-sha256", "-days", "365", "-out", k.cert().toString());
        return k;
    }

    /** Debian's snakeoil key, the one in db of OVMF_VARS_4M.snakeoil.fd, decrypted. */
    static Key snakeoil(Path dir) throws IOException {
        Path plain = dir.resolve("snakeoil.key");
        HostCommand.run("openssl", "pkey", "-in", SNAKEOIL_KEY.toString(), "-passin", "pass:snakeoil", "-out", plain.toString());
        return new Key(plain, SNAKEOIL_PEM);
    }

    static Path sign(Path in, Key k, Path out, Path... addcert) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sbsign", "--key", k.key().toString(), "--cert", k.cert().toString()));
        for (Path a : addcert) {
            cmd.add("--addcert");
            cmd.add(a.toString());
        }
        cmd.addAll(List.of("--output", out.toString(), in.toString()));
        HostCommand.run(cmd);
        return out;
    }

    /** sbverify's answer: does the image's signature verify up to {@code cert}? */
    static boolean sbverify(Path image, Path cert) throws IOException {
        try {
            HostCommand.run("sbverify", "--cert", cert.toString(), image.toString());
            return true;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains(" exited ")) {
                return false;
            }
            throw e;
        }
    }

    /** db/dbx holding one certificate, as efitools writes it. */
    static SignatureDb certList(Path dir, Path cert) throws IOException {
        Path esl = dir.resolve(cert.getFileName() + "." + System.nanoTime() + ".esl");
        HostCommand.run("cert-to-efi-sig-list", "-g", "11111111-2222-3333-4444-555555555555", cert.toString(), esl.toString());
        return EfiSignatureLists.parse(Files.readAllBytes(esl));
    }

    /** efitools' Authenticode SHA-256 of {@code image}, in an ESL file. */
    static Path hashList(Path dir, Path image) throws IOException {
        Path esl = dir.resolve(image.getFileName() + "." + System.nanoTime() + ".hash.esl");
        HostCommand.run("hash-to-efi-sig-list", image.toString(), esl.toString());
        return esl;
    }
}
