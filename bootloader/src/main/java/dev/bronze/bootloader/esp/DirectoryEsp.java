package dev.bronze.bootloader.esp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An ESP that is a directory: a mounted ESP on a live node, or a tree in tests.
 *
 * <p>Durability is explicit: {@link #sync()} fsyncs every file written since the last sync and then
 * every directory whose entries changed (deepest first), as systemd-bless-boot does after its
 * renames. On Linux's vfat, {@code rename(2)} onto an existing name reuses the target's directory
 * entry — one 32-byte update pointing it at the new clusters — so {@link #replaceAtomically} leaves
 * the old file or the new one after a power cut, never a half-written one.
 */
public final class DirectoryEsp implements EspFiles {

    private final Path root;
    private final java.util.Set<Path> dirtyFiles = new java.util.LinkedHashSet<>();
    private final java.util.Set<Path> dirtyDirs = new java.util.LinkedHashSet<>();

    public DirectoryEsp(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    private Path resolve(String path) throws IOException {
        Path p = root.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
        if (!p.startsWith(root)) {
            throw new IOException("path leaves the ESP: " + path);
        }
        return p;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public boolean exists(String path) throws IOException {
        return Files.exists(resolve(path));
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        Path p = resolve(path);
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(maxBytes + 1);
            if (b.length > maxBytes) {
                throw new IOException(path + " on the ESP is larger than " + maxBytes + " bytes");
            }
            return b;
        }
    }

    @Override
    public void write(String path, byte[] data) throws IOException {
        Path p = resolve(path);
        parents(p);
        Files.write(p, data);
        dirtyFiles.add(p);
    }

    @Override
    public void copyFrom(Path source, String path) throws IOException {
        Path p = resolve(path);
        parents(p);
        Files.copy(source, p, StandardCopyOption.REPLACE_EXISTING);
        dirtyFiles.add(p);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Path f = resolve(from);
        Path t = resolve(to);
        parents(t);
        Files.move(f, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (dirtyFiles.remove(f)) {
            dirtyFiles.add(t);
        }
        dirtyDirs.add(f.getParent());
        dirtyDirs.add(t.getParent());
    }

    @Override
    public void delete(String path) throws IOException {
        Path p = resolve(path);
        if (Files.deleteIfExists(p)) {
            dirtyFiles.remove(p);
            dirtyDirs.add(p.getParent());
        }
    }

    /** Creates the parents of {@code p}; every directory from the ESP's root down is then synced. */
    private void parents(Path p) throws IOException {
        Path parent = p.getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent);
            for (Path d = parent; d != null && d.startsWith(root); d = d.getParent()) {
                dirtyDirs.add(d);
            }
        }
        dirtyDirs.add(parent);
    }

    @Override
    public List<String> list(String dir) throws IOException {
        Path d = resolve(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(d)) {
            s.forEach(c -> names.add(c.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }

    @Override
    public void sync() throws IOException {
        for (Path p : List.copyOf(dirtyFiles)) {
            force(p);
            dirtyFiles.remove(p);
        }
        // Deepest first: a new directory's own entries are durable before its parent names it.
        List<Path> dirs = new ArrayList<>(dirtyDirs);
        dirs.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path d : dirs) {
            force(d);
            dirtyDirs.remove(d);
        }
    }

    /** fsync(2) of a file or a directory (Linux opens directories read-only for that). */
    private static void force(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (NoSuchFileException ignored) {
            // removed since: nothing of it to make durable
        }
    }
}
