package dev.bronze.installer;

import dev.bronze.bootloader.secureboot.EfiSignatureLists;
import dev.bronze.bootloader.secureboot.SecureBootVerifier;
import dev.bronze.bootloader.secureboot.SignatureDb;
import dev.bronze.bootloader.secureboot.Verdict;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The firmware's Secure Boot databases, as Bronze must respect them when it writes EFI binaries.
 * Why before writing: a UKI or kernel the firmware refuses does not fail over like a panicking
 * one — systemd-boot hands "Access Denied" back to the firmware, which ends in its boot menu
 * waiting for a key (seen with OVMF's secboot build), so the node stays down until someone
 * power-cycles it. Checking every binary against db/dbx as EDK2 does keeps that from happening.
 *
 * @param source where db and dbx came from, for messages ("the firmware", a file name)
 */
public record SecureBootPolicy(SignatureDb db, SignatureDb dbx, String source) {

    /** EFI_GLOBAL_VARIABLE: SecureBoot, SetupMode. */
    static final String GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
    /** EFI_IMAGE_SECURITY_DATABASE_GUID: db, dbx. */
    static final String IMAGE_SECURITY = "d719b2cb-3d3a-4596-a3bc-dad00e67656f";

    /**
     * A running node's policy: present only when the firmware enforces Secure Boot (SecureBoot = 1
     * and SetupMode = 0); absent on BIOS machines, with Secure Boot off, or in setup mode, where
     * the firmware starts anything.
     */
    public static Optional<SecureBootPolicy> ofFirmware(SysRoot sys) throws IOException {
        Path vars = sys.path("sys/firmware/efi/efivars");
        if (flag(vars.resolve("SecureBoot-" + GLOBAL)) != 1 || flag(vars.resolve("SetupMode-" + GLOBAL)) != 0) {
            return Optional.empty();
        }
        SignatureDb db = database(vars.resolve("db-" + IMAGE_SECURITY));
        SignatureDb dbx = database(vars.resolve("dbx-" + IMAGE_SECURITY));
        return Optional.of(new SecureBootPolicy(db, dbx, "the firmware's db and dbx"));
    }

    /** db and dbx from EFI signature list files ({@code efi-readvar -v db -o db.esl}); no dbx: an empty one. */
    public static SecureBootPolicy ofFiles(Path db, Optional<Path> dbx) throws IOException {
        SignatureDb d = EfiSignatureLists.parse(read(db));
        SignatureDb x = dbx.isPresent() ? EfiSignatureLists.parse(read(dbx.get())) : SignatureDb.empty();
        return new SecureBootPolicy(d, x, db.getFileName() + (dbx.isPresent() ? " and " + dbx.get().getFileName() : ""));
    }

    /**
     * Refuses (exit 4, nothing written) the first binary the firmware would not start.
     *
     * @param what how the message names it ("the UKI", "systemd-boot")
     */
    public void requireStartable(Path efiBinary, String what) throws IOException {
        Verdict v = SecureBootVerifier.verify(efiBinary, db, dbx);
        if (v instanceof Verdict.Refused r) {
            throw new InstallerException(ExitCode.REFUSED, "Secure Boot is enforced (" + source + ") and would refuse " + what
                    + " " + efiBinary.getFileName() + ": " + r.reason() + "; nothing was written");
        }
    }

    private static int flag(Path efivar) throws IOException {
        if (!Files.isRegularFile(efivar)) {
            return -1;
        }
        byte[] b = Files.readAllBytes(efivar);
        return b.length == 5 ? b[4] & 0xff : -1;
    }

    private static SignatureDb database(Path efivar) throws IOException {
        if (!Files.isRegularFile(efivar)) {
            return SignatureDb.empty();
        }
        return EfiSignatureLists.parseEfivar(read(efivar));
    }

    private static byte[] read(Path p) throws IOException {
        if (Files.size(p) > (1 << 20)) {
            throw new InstallerException(ExitCode.USAGE, p + ": larger than 1 MiB, not a signature database");
        }
        return Files.readAllBytes(p);
    }
}
