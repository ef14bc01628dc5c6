package dev.bronze.hardware.block;

import com.sun.jna.LastErrorException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hole punching and hole finding on an image file through a second descriptor: FileChannel offers
 * neither {@code fallocate(PUNCH_HOLE)} nor {@code SEEK_DATA}. Where native calls are unavailable
 * (no JNA, a filesystem without holes) every method says so and the caller writes zeros instead.
 */
final class Holes implements AutoCloseable {

    private static final int MAX_RANGES = 1 << 20;

    private final LibC libc;
    private final int fd;

    private Holes(LibC libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    static Holes open(Path path, boolean readOnly) {
        try {
            LibC libc = LibC.get();
            int fd = libc.open(path.toString(), (readOnly ? LibC.O_RDONLY : LibC.O_RDWR) | LibC.O_CLOEXEC);
            return new Holes(libc, fd);
        } catch (LastErrorException | LinkageError e) {
            return new Holes(null, -1);
        }
    }

    /** True when the range now reads as zeros. */
    boolean punch(long offset, long length) {
        if (libc == null || length == 0) {
            return libc != null;
        }
        try {
            libc.fallocate(fd, LibC.FALLOC_FL_PUNCH_HOLE | LibC.FALLOC_FL_KEEP_SIZE, offset, length);
            return true;
        } catch (LastErrorException e) {
            return false;
        }
    }

    /** Data extents of a file of {@code size} bytes, or null when unknown. */
    List<long[]> dataRanges(long size) {
        if (libc == null) {
            return null;
        }
        List<long[]> out = new ArrayList<>();
        long pos = 0;
        try {
            while (pos < size && out.size() < MAX_RANGES) {
                long data;
                try {
                    data = libc.lseek(fd, pos, LibC.SEEK_DATA);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LibC.ENXIO) {
                        break;
                    }
                    throw e;
                }
                long hole = Math.min(size, libc.lseek(fd, data, LibC.SEEK_HOLE));
                if (hole <= data) {
                    break;
                }
                out.add(new long[] {data, hole});
                pos = hole;
            }
            return out.size() >= MAX_RANGES ? null : out;
        } catch (LastErrorException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (libc != null && fd >= 0) {
            try {
                libc.close(fd);
            } catch (LastErrorException ignored) {
                // Nothing was written through this descriptor that close could lose.
            }
        }
    }
}
