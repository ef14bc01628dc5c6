package dev.bronze.hardware;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The root under which /sys, /proc, /dev, /run and the root's marker files are read.
 *
 * <p>Every read of the machine goes through one of these, so that any detector, inventory source
 * or disk discovery runs unchanged on a fixture tree ({@code --root DIR}). Paths are given relative
 * to the root ({@code "sys/class/dmi/id/sys_vendor"}); a leading slash is accepted and ignored.
 *
 * <p>Reads are bounded and never throw: a missing, unreadable, non-regular (FIFO, device, symlink
 * loop) or oversized file is reported as such, because hostile or broken firmware must not be able
 * to stop init.
 */
public final class SysRoot {

    /** Enough for any sysfs attribute, cmdline or device-tree string we use. */
    public static final int DEFAULT_MAX_BYTES = 4096;

    private static final SysRoot HOST = new SysRoot(Path.of("/"));

    private final Path root;

    private SysRoot(Path root) {
        this.root = root;
    }

    /** The running machine's own root, {@code /}. */
    public static SysRoot host() {
        return HOST;
    }

    /** A fixture tree (or a chroot) standing in for {@code /}. */
    public static SysRoot of(Path root) {
        Path abs = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        return abs.getParent() == null ? HOST : new SysRoot(abs);
    }

    public Path root() {
        return root;
    }

    /** True when this is the real machine rather than a fixture tree. */
    public boolean isHost() {
        return root.getParent() == null;
    }

    /**
     * The path of {@code rel} below the root. {@code ..} components are refused so that evidence
     * (a label, a device name read from sysfs) can never point a read outside the tree.
     */
    public Path path(String rel) {
        String r = rel.startsWith("/") ? rel.substring(1) : rel;
        for (String part : r.split("/")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException("path escapes the root: " + rel);
            }
        }
        return r.isEmpty() ? root : root.resolve(r);
    }

    public boolean exists(String rel) {
        return Files.exists(path(rel));
    }

    public boolean isDirectory(String rel) {
        return Files.isDirectory(path(rel));
    }

    /** Reads at most {@link #DEFAULT_MAX_BYTES} of a regular file. */
    public SysRead read(String rel) {
        return read(rel, DEFAULT_MAX_BYTES);
    }

    /** Reads at most {@code maxBytes} of a regular file; more is reported as truncated. */
    public SysRead read(String rel, int maxBytes) {
        Path p;
        try {
            p = path(rel);
        } catch (IllegalArgumentException e) {
            return new SysRead.Unreadable(e.getMessage());
        }
        if (!Files.isRegularFile(p)) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return SysRead.Absent.INSTANCE;
            }
            return new SysRead.Unreadable(Files.isDirectory(p) ? "a directory" : "not a regular file");
        }
        // java.io rather than Files.newInputStream: a FileChannel's first use loads libnet and
        // libnio's channel support, milliseconds of a cold start that reads only a few small files.
        InputStream in;
        try {
            in = new FileInputStream(p.toFile());
        } catch (FileNotFoundException | UnsupportedOperationException e) {
            // A regular file that cannot be opened (NIO names the reason precisely), or a root on
            // another file system than the default one: read it through NIO.
            in = null;
        } catch (SecurityException e) {
            return new SysRead.Unreadable(String.valueOf(e.getMessage()));
        }
        try (InputStream opened = in != null ? in : Files.newInputStream(p)) {
            byte[] buf = opened.readNBytes(maxBytes + 1);
            if (buf.length > maxBytes) {
                byte[] cut = new byte[maxBytes];
                System.arraycopy(buf, 0, cut, 0, maxBytes);
                return new SysRead.Content(cut, true);
            }
            return new SysRead.Content(buf, false);
        } catch (NoSuchFileException e) {
            return SysRead.Absent.INSTANCE;
        } catch (AccessDeniedException e) {
            return new SysRead.Unreadable("permission denied");
        } catch (IOException | SecurityException e) {
            return new SysRead.Unreadable(String.valueOf(e.getMessage()));
        }
    }

    /**
     * The file as one trimmed line of printable text, or empty when it is absent, unreadable,
     * oversized or binary. Trailing NULs (device-tree strings) and newlines are dropped.
     */
    public Optional<String> text(String rel) {
        return read(rel).text();
    }

    /** Entry names of a directory, sorted; empty when it is not a readable directory. */
    public List<String> list(String rel) {
        Path p = path(rel);
        if (!Files.isDirectory(p)) {
            return List.of();
        }
        // A directory stream and a loop, not Files.list: no stream pipeline on the boot path.
        try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
            List<String> names = new ArrayList<>();
            for (Path c : s) {
                if (names.size() >= 100_000) {
                    break;
                }
                names.add(c.getFileName().toString());
            }
            names.sort(null);
            return names;
        } catch (IOException | SecurityException | java.nio.file.DirectoryIteratorException e) {
            return List.of();
        }
    }

    /** The target of a symbolic link, as written, or empty when {@code rel} is not a link. */
    public Optional<String> readLink(String rel) {
        try {
            return Optional.of(Files.readSymbolicLink(path(rel)).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return isHost() ? "/" : root.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SysRoot other && other.root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    /** Decodes sysfs/device-tree bytes as text; package-visible for {@link SysRead}. */
    static Optional<String> printable(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            int b = bytes[i] & 0xff;
            // NUL inside the value separates device-tree string lists; keep those for the caller.
            if (b < 0x20 && b != '\t' && b != '\n' && b != 0) {
                return Optional.empty();
            }
        }
        String s = new String(bytes, 0, end, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') >= 0) {
            return Optional.empty();
        }
        return Optional.of(s.strip());
    }
}
