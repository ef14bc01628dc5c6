package dev.bronze.bootloader.esp;

import dev.bronze.hardware.fat.FatEntry;
import dev.bronze.hardware.fat.FatFileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ESP inside an image or on a disk that is not mounted, through the pure-Java FAT writer.
 * Write barriers are on: each step of a FAT change reaches the device before the next, which is
 * what the A/B write orders rely on.
 */
public final class FatEsp implements EspFiles {

    private final FatFileSystem fs;
    private final String description;

    public FatEsp(FatFileSystem fs, String description) {
        this.fs = fs;
        this.description = description;
        fs.setWriteBarriers(true);
    }

    public FatFileSystem fileSystem() {
        return fs;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public boolean exists(String path) {
        return fs.exists(path);
    }

    @Override
    public byte[] read(String path, int maxBytes) throws IOException {
        FatEntry e = fs.stat(path).orElseThrow(() -> new java.nio.file.NoSuchFileException(path + " on " + description));
        if (e.size() > maxBytes) {
            throw new IOException(path + " on " + description + " is larger than " + maxBytes + " bytes");
        }
        return fs.readAllBytes(path);
    }

    @Override
    public long size(String path) throws IOException {
        return fs.stat(path).orElseThrow(() -> new java.nio.file.NoSuchFileException(path + " on " + description)).size();
    }

    @Override
    public byte[] readRange(String path, long offset, int length) throws IOException {
        long size = size(path);
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new java.io.EOFException(path + " on " + description + ": bytes " + offset + "+" + length + " past its end (" + size + ")");
        }
        byte[] out = new byte[length];
        // The FAT reads a file front to back; stop as soon as the window is filled.
        final class Window extends java.io.OutputStream {
            long pos;
            int filled;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                long from = Math.max(pos, offset);
                long to = Math.min(pos + len, offset + length);
                if (from < to) {
                    System.arraycopy(b, off + (int) (from - pos), out, (int) (from - offset), (int) (to - from));
                    filled += (int) (to - from);
                }
                pos += len;
                if (filled == length) {
                    throw new WindowFilled();
                }
            }
        }
        if (length == 0) {
            return out;
        }
        try {
            fs.read(path, new Window());
        } catch (WindowFilled done) {
            return out;
        }
        return out;
    }

    /** Ends a ranged read early; never escapes {@link #readRange}. */
    private static final class WindowFilled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WindowFilled() {
            super(null, null, false, false);
        }
    }

    @Override
    public void write(String path, byte[] data) {
        mkParents(path);
        fs.write(path, data);
    }

    @Override
    public void copyFrom(Path source, String path) {
        mkParents(path);
        fs.write(path, source);
    }

    /**
     * FAT has no rename-over. Onto an existing file the content is moved with the FAT's atomic
     * replace (new clusters, then one 32-byte directory entry update: a cut leaves the old file or
     * the new one), then the source is deleted; a cut before that delete leaves a harmless copy.
     */
    @Override
    public void rename(String from, String to) {
        mkParents(to);
        if (fs.exists(to) && !from.equalsIgnoreCase(to)) {
            fs.replace(to, fs.readAllBytes(from));
            fs.delete(from);
            return;
        }
        fs.rename(from, to);
    }

    @Override
    public void delete(String path) {
        if (fs.exists(path)) {
            fs.delete(path);
        }
    }

    @Override
    public List<String> list(String dir) {
        if (!fs.exists(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (FatEntry e : fs.list(dir)) {
            if (!e.name().equals(".") && !e.name().equals("..")) {
                names.add(e.name());
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public void sync() {
        fs.flush();
    }

    private void mkParents(String path) {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            fs.mkdirs(path.substring(0, slash));
        }
    }
}
