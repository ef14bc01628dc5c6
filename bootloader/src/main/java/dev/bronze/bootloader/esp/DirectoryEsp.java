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

/** An ESP that is a directory: a mounted ESP on a live node, or a tree in tests. */
public final class DirectoryEsp implements EspFiles {

    private final Path root;

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
    public long size(String path) throws IOException {
        return Files.size(resolve(path));
    }

    @Override
    public byte[] readRange(String path, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(resolve(path), StandardOpenOption.READ)) {
            if (offset < 0 || length < 0 || offset + length > ch.size()) {
                throw new java.io.EOFException(path + " on the ESP: bytes " + offset + "+" + length + " past its end");
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(length);
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw new java.io.EOFException(path + " on the ESP shrank while being read");
                }
            }
            return b.array();
        }
    }

    @Override
    public void write(String path, byte[] data) throws IOException {
        Path p = resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
    }

    @Override
    public void copyFrom(Path source, String path) throws IOException {
        Path p = resolve(path);
        Files.createDirectories(p.getParent());
        Files.copy(source, p, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Path t = resolve(to);
        Files.createDirectories(t.getParent());
        Files.move(resolve(from), t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void delete(String path) throws IOException {
        Files.deleteIfExists(resolve(path));
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
        // fsync the directories we touch: that is what makes renames durable on Linux.
        try (Stream<Path> s = Files.walk(root, 4)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                        ch.force(true);
                    } catch (NoSuchFileException ignored) {
                        // removed meanwhile
                    }
                }
            }
        }
    }
}
