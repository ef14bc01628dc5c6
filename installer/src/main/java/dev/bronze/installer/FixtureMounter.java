package dev.bronze.installer;

import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.SysRoot;
import dev.bronze.hardware.block.BlockDevice;
import dev.bronze.hardware.fat.FatEntry;
import dev.bronze.hardware.fat.FatFileSystem;
import dev.bronze.hardware.linux.Mounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * mount(2) for a fixture tree ({@code --root DIR}), where {@code dev/NAME} of a disk is an image
 * file: mounting a partition copies its FAT's files into the mount point, unmounting writes what
 * changed back into the FAT and empties the directory. Bind and propagation calls do nothing.
 * This lets the live-node path run unchanged as a user without real devices, and the result be
 * read with {@code --image} and checked with {@code fsck.fat}.
 */
final class FixtureMounter implements Mounter {

    private record Layer(Path image, long offset, long length, int sectorSize, boolean readOnly) {
    }

    private final SysRoot sys;
    private final Map<Path, Deque<Layer>> mounted = new HashMap<>();

    FixtureMounter(SysRoot sys) {
        this.sys = sys;
    }

    @Override
    public void mount(String source, Path target, String fsType, long flags, String data) {
        if (fsType == null) {
            mounted.computeIfAbsent(target, t -> new ArrayDeque<>()).push(new Layer(null, 0, 0, 0, true));
            if ((flags & MS_BIND) == 0) {
                mounted.get(target).pop();
            }
            return;
        }
        String name = Path.of(source).getFileName().toString();
        for (String disk : sys.list("sys/class/block")) {
            String dir = "sys/class/block/" + disk + "/" + name;
            if (sys.exists(dir + "/partition")) {
                Path image = sys.path("dev/" + disk);
                if (!Files.isRegularFile(image)) {
                    throw new MountException("mount " + source + " on " + target + " failed: no image file " + image, 19);
                }
                long start = Long.parseLong(sys.text(dir + "/start").orElse("0")) * 512;
                long size = Long.parseLong(sys.text(dir + "/size").orElse("0")) * 512;
                int ss = Integer.parseInt(sys.text("sys/class/block/" + disk + "/queue/logical_block_size").orElse("512"));
                Layer l = new Layer(image, start, size, ss, (flags & MS_RDONLY) != 0);
                try (Partition img = new Partition(image, start, size, ss, true);
                     FatFileSystem fs = FatFileSystem.openReadOnly(img)) {
                    copyOut(fs, "", target);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (HardwareException e) {
                    throw new MountException("mount " + source + " on " + target + " failed: " + e.getMessage(), 22);
                }
                mounted.computeIfAbsent(target, t -> new ArrayDeque<>()).push(l);
                return;
            }
        }
        throw new MountException("mount " + source + " on " + target + " failed: " + Errno.describe(2), 2);
    }

    @Override
    public void umount(Path target, int flags) {
        Deque<Layer> layers = mounted.get(target);
        if (layers == null || layers.isEmpty()) {
            throw new MountException("umount " + target + " failed: " + Errno.describe(22), 22);
        }
        Layer l = layers.pop();
        if (l.image() == null) {
            return;
        }
        try {
            if (!l.readOnly()) {
                try (Partition part = new Partition(l.image(), l.offset(), l.length(), l.sectorSize(), false)) {
                    try (FatFileSystem fs = FatFileSystem.open(part, Clock.systemUTC())) {
                        copyIn(target, "", fs);
                    }
                    part.flush();
                }
            }
            clear(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyOut(FatFileSystem fs, String dir, Path target) throws IOException {
        for (FatEntry e : fs.list(dir.isEmpty() ? "/" : dir)) {
            if (e.name().equals(".") || e.name().equals("..")) {
                continue;
            }
            String p = dir + "/" + e.name();
            Path t = target.resolve(p.substring(1));
            if (e.directory()) {
                Files.createDirectories(t);
                copyOut(fs, p, target);
            } else {
                fs.copyOut(p, t);
            }
        }
    }

    /** Makes the FAT's tree under {@code dir} what the directory holds. */
    private static void copyIn(Path root, String dir, FatFileSystem fs) throws IOException {
        Path here = dir.isEmpty() ? root : root.resolve(dir.substring(1));
        Set<String> present = new HashSet<>();
        try (Stream<Path> s = Files.list(here)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String name = p.getFileName().toString();
                present.add(name);
                String fp = dir + "/" + name;
                if (Files.isDirectory(p)) {
                    fs.mkdirs(fp);
                    copyIn(root, fp, fs);
                } else if (!fs.exists(fp)) {
                    fs.write(fp, p);
                } else if (!Arrays.equals(fs.readAllBytes(fp), Files.readAllBytes(p))) {
                    fs.replace(fp, p);
                }
            }
        }
        for (FatEntry e : List.copyOf(fs.list(dir.isEmpty() ? "/" : dir))) {
            if (!e.name().equals(".") && !e.name().equals("..") && !present.contains(e.name())) {
                deleteTree(fs, dir + "/" + e.name(), e.directory());
            }
        }
    }

    private static void deleteTree(FatFileSystem fs, String path, boolean directory) {
        if (directory) {
            for (FatEntry e : List.copyOf(fs.list(path))) {
                if (!e.name().equals(".") && !e.name().equals("..")) {
                    deleteTree(fs, path + "/" + e.name(), e.directory());
                }
            }
        }
        fs.delete(path);
    }

    private static void clear(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * The partition as the kernel's block device for it: its own file handle on the disk image,
     * without the image's lock (the session holds the disk open, as a live node's whole-disk fd is
     * open while the kernel reads the partition).
     */
    private static final class Partition implements BlockDevice {
        private final java.nio.channels.FileChannel ch;
        private final Path image;
        private final long offset;
        private final long length;
        private final int ss;

        Partition(Path image, long offset, long length, int ss, boolean readOnly) throws IOException {
            this.ch = readOnly ? java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.READ)
                    : java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.READ,
                            java.nio.file.StandardOpenOption.WRITE);
            this.image = image;
            this.offset = offset;
            this.length = length;
            this.ss = ss;
        }

        @Override
        public String name() {
            return image + "@" + offset;
        }

        @Override
        public long size() {
            return length;
        }

        @Override
        public int logicalSectorSize() {
            return ss;
        }

        @Override
        public int physicalSectorSize() {
            return ss;
        }

        @Override
        public void read(long off, java.nio.ByteBuffer dst) throws IOException {
            if (off < 0 || off + dst.remaining() > length) {
                throw new java.io.EOFException("read past the end of " + name());
            }
            long pos = offset + off;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, pos);
                if (n < 0) {
                    throw new java.io.EOFException("unexpected end of " + image);
                }
                pos += n;
            }
        }

        @Override
        public void write(long off, java.nio.ByteBuffer src) throws IOException {
            if (off < 0 || off + src.remaining() > length) {
                throw new IOException("write past the end of " + name());
            }
            long pos = offset + off;
            while (src.hasRemaining()) {
                pos += ch.write(src, pos);
            }
        }

        @Override
        public void flush() throws IOException {
            ch.force(true);
        }

        @Override
        public void discard(long off, long len) {
            // Reads back undefined: leaving the bytes is allowed.
        }

        @Override
        public void zeroRange(long off, long len) throws IOException {
            java.nio.ByteBuffer z = java.nio.ByteBuffer.allocate(1 << 16);
            for (long p = off; p < off + len; p += z.capacity()) {
                z.clear().limit((int) Math.min(z.capacity(), off + len - p));
                write(p, z);
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** errno text without JNA: the fixture never calls the kernel. */
    private static final class Errno {
        static String describe(int e) {
            return dev.bronze.hardware.linux.Errno.describe(e);
        }
    }
}
