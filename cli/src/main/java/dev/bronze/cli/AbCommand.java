package dev.bronze.cli;

import dev.bronze.bootloader.ab.Slot;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.installer.BootDisk;
import dev.bronze.installer.BootTools;
import dev.bronze.installer.BootedSlot;
import dev.bronze.installer.Installer;
import dev.bronze.installer.LiveNode;
import dev.bronze.installer.SecureBootPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The shared part of status, confirm, reject, rollback and upgrade: the disk, JSON, and the booted slot. */
abstract class AbCommand implements Callable<Integer> {

    @Mixin
    DiskTarget target;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static Installer installer(DiskTarget target, PrintWriter err, boolean quiet) {
        return installer(target, err, quiet, BootTools.debian(efiArch(), workDir()));
    }

    static Path workDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "bronze-" + ProcessHandle.current().pid());
    }

    static Installer installer(DiskTarget target, PrintWriter err, boolean quiet, BootTools tools) {
        return new Installer(tools, Clock.systemUTC(), target.sys(),
                quiet ? s -> { } : s -> err.println("bronze: " + s));
    }

    static String efiArch() {
        return System.getProperty("os.arch").contains("aarch64") ? "aa64" : "x64";
    }

    /** Opens the disk and runs {@code body} on a session with the booted slot resolved. */
    /** A Secure Boot policy given on the command line (upgrade's --secure-boot-db); a live node's firmware otherwise. */
    Optional<SecureBootPolicy> secureBoot() throws IOException {
        return Optional.empty();
    }

    int withSession(boolean writable, SessionBody body) throws IOException {
        Optional<SecureBootPolicy> policy = secureBoot();
        if (target.isLive()) {
            try (Installer.Session s = LiveNode.open(target.sys(), installer(target, err(), json).withSecureBoot(policy),
                    writable ? LiveNode.Access.READ_WRITE : LiveNode.Access.READ_ONLY)) {
                return body.run(s);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        try (BlockDevice dev = target.open(writable)) {
            BootDisk disk = BootDisk.open(dev);
            Optional<Slot> booted = target.isImage() ? Optional.empty() : BootedSlot.of(target.sys(), disk);
            return body.run(installer(target, err(), json).withSecureBoot(policy).open(disk, booted));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    interface SessionBody {
        int run(Installer.Session s) throws IOException;
    }

    @Override
    public final Integer call() throws IOException {
        return execute();
    }

    abstract int execute() throws IOException;

    void printStatus(Installer.Session s) throws IOException {
        StatusCommand.print(out(), s.status(), json);
    }
}
