package dev.bronze.bootloader.efi;

import dev.bronze.bootloader.BootloaderException;
import dev.bronze.hardware.SysRead;
import dev.bronze.hardware.SysRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * UEFI variables through efivarfs ({@code sys/firmware/efi/efivars/<Name>-<guid>}): a 4-byte
 * little-endian attribute mask, then the data; Boot Loader Interface strings are UTF-16LE with a
 * NUL. Reads go through {@link SysRoot} (so {@code --root} fixtures work); writes are one
 * {@code write()} of attributes and data, after clearing the immutable flag the kernel puts on
 * non-standard variables, and restoring it.
 */
public final class EfiVariables {

    /** The systemd Boot Loader Interface vendor GUID. */
    public static final String LOADER_GUID = "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";
    /** The EFI global variable GUID (SecureBoot, BootOrder, ...). */
    public static final String GLOBAL_GUID = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
    /** NON_VOLATILE | BOOTSERVICE_ACCESS | RUNTIME_ACCESS, what systemd writes. */
    public static final int NV_BS_RT = 0x7;
    static final String DIR = "sys/firmware/efi/efivars";
    static final int MAX_BYTES = 64 * 1024;

    private final SysRoot root;
    private final ImmutableFlag immutable;

    /** Clears and restores FS_IMMUTABLE_FL on a variable file (an ioctl on a live system). */
    public interface ImmutableFlag {
        /** Clears the flag; returns whether it was set. */
        boolean clear(Path file) throws IOException;

        void set(Path file) throws IOException;

        /** For fixture trees: files are plain files there. */
        ImmutableFlag NONE = new ImmutableFlag() {
            @Override
            public boolean clear(Path file) {
                return false;
            }

            @Override
            public void set(Path file) {
            }
        };
    }

    public EfiVariables(SysRoot root, ImmutableFlag immutable) {
        this.root = root;
        this.immutable = immutable;
    }

    /** True when the system booted with UEFI (efivarfs has variables to show). */
    public boolean available() {
        return root.isDirectory("sys/firmware/efi");
    }

    static String fileName(String name, String guid) {
        return DIR + "/" + name + "-" + guid;
    }

    /** The raw data of a variable (attributes stripped), or empty when it is absent or unreadable. */
    public Optional<byte[]> readRaw(String name, String guid) {
        SysRead r = root.read(fileName(name, guid), MAX_BYTES);
        if (r instanceof SysRead.Content c && !c.truncated() && c.bytes().length >= 4) {
            byte[] d = new byte[c.bytes().length - 4];
            System.arraycopy(c.bytes(), 4, d, 0, d.length);
            return Optional.of(d);
        }
        return Optional.empty();
    }

    /** A Boot Loader Interface string variable (UTF-16LE, NUL-terminated). */
    public Optional<String> readString(String name) {
        return readRaw(name, LOADER_GUID).map(EfiVariables::utf16);
    }

    /** The Secure Boot state: the global {@code SecureBoot} variable's one byte. */
    public Optional<Boolean> secureBoot() {
        return readRaw("SecureBoot", GLOBAL_GUID).filter(d -> d.length >= 1).map(d -> d[0] == 1);
    }

    public void writeString(String name, String value) throws IOException {
        write(name, LOADER_GUID, NV_BS_RT, utf16z(value));
    }

    public void write(String name, String guid, int attributes, byte[] data) throws IOException {
        Path p = root.path(fileName(name, guid));
        boolean wasImmutable = Files.exists(p) && immutable.clear(p);
        ByteBuffer b = ByteBuffer.allocate(4 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(attributes).put(data).flip();
        // One write() call: efivarfs sets the variable per write, and needs no truncation.
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            int n = ch.write(b);
            if (n != 4 + data.length) {
                throw new BootloaderException("short write of EFI variable " + name + ": " + n + " bytes");
            }
        } finally {
            if (wasImmutable && Files.exists(p)) {
                immutable.set(p);
            }
        }
    }

    public void delete(String name, String guid) throws IOException {
        Path p = root.path(fileName(name, guid));
        if (Files.exists(p)) {
            immutable.clear(p);
            Files.delete(p);
        }
    }

    static String utf16(byte[] d) {
        int end = d.length & ~1;
        for (int i = 0; i + 1 < d.length; i += 2) {
            if (d[i] == 0 && d[i + 1] == 0) {
                end = i;
                break;
            }
        }
        return new String(d, 0, end, StandardCharsets.UTF_16LE);
    }

    static byte[] utf16z(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_16LE);
        byte[] out = new byte[b.length + 2];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }
}
