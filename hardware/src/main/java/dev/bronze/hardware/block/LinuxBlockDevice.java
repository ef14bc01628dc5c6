package dev.bronze.hardware.block;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.SysRoot;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A Linux block device ({@code /dev/sdb}, {@code /dev/nvme0n1}, {@code /dev/loop3}).
 *
 * <p>Opened with {@code O_EXCL}, so the kernel itself refuses a disk that is mounted, used as swap,
 * or held by dm/md; and {@code flock}ed exclusively for the whole session, which tells udev to
 * leave it alone while we rewrite it (systemd's "locking block device access" contract, as Talos's
 * installer does). Sizes come from {@code BLKGETSIZE64}, {@code BLKSSZGET} and {@code BLKPBSZGET};
 * data goes through a {@link FileChannel} on the same node.
 */
public final class LinuxBlockDevice implements BlockDevice, ChannelBacked {

    private final Path path;
    private final int fd;
    private final FileChannel channel;
    private final long size;
    private final int logical;
    private final int physical;
    private final boolean readOnly;
    private final LibC libc;
    private final SysRoot sys;

    private LinuxBlockDevice(Path path, int fd, FileChannel channel, long size, int logical, int physical,
                             boolean readOnly, LibC libc, SysRoot sys) {
        this.path = path;
        this.fd = fd;
        this.channel = channel;
        this.size = size;
        this.logical = logical;
        this.physical = physical;
        this.readOnly = readOnly;
        this.libc = libc;
        this.sys = sys;
    }

    /** Opens {@code path} for writing, exclusively; EBUSY becomes a refusal that names the cause. */
    public static LinuxBlockDevice open(Path path) throws IOException {
        return open(path, false, true, SysRoot.host());
    }

    /** As {@link #open(Path)}, with {@code sys} describing the node (mount checks read its mountinfo). */
    public static LinuxBlockDevice open(Path path, SysRoot sys) throws IOException {
        return open(path, false, true, sys);
    }

    /**
     * Opens {@code path} for writing while its partitions may be in use (no {@code O_EXCL}, still
     * {@code flock}ed): for rewriting only the partition-table areas, such as moving the GPT backup to
     * the end of a grown system disk, which no mounted partition overlaps.
     */
    public static LinuxBlockDevice openShared(Path path) throws IOException {
        return open(path, false, false, SysRoot.host());
    }

    /** As {@link #openShared(Path)}, with {@code sys} describing the node. */
    public static LinuxBlockDevice openShared(Path path, SysRoot sys) throws IOException {
        return open(path, false, false, sys);
    }

    /** Opens {@code path} read-only, without {@code O_EXCL}, so a mounted disk can be inspected. */
    public static LinuxBlockDevice openReadOnly(Path path) throws IOException {
        return open(path, true, false, SysRoot.host());
    }

    private static LinuxBlockDevice open(Path path, boolean readOnly, boolean exclusive, SysRoot sys) throws IOException {
        LibC libc = LibC.get();
        int fd;
        try {
            fd = libc.open(path.toString(), (readOnly ? LibC.O_RDONLY : LibC.O_RDWR) | (exclusive ? LibC.O_EXCL : 0)
                    | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EBUSY) {
                throw new HardwareException(ExitCode.REFUSED, path + " is in use (mounted, swap, or held by"
                        + " device-mapper/md): the kernel refused exclusive access");
            }
            throw new IOException("cannot open " + path + ": " + errno(e), e);
        }
        FileChannel ch = null;
        try {
            if (!readOnly) {
                try {
                    libc.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB);
                } catch (LastErrorException e) {
                    throw new HardwareException(ExitCode.REFUSED, path + " is locked by another program (flock): "
                            + errno(e));
                }
            }
            Memory m = new Memory(8);
            m.clear();
            libc.ioctl(fd, new NativeLong(LibC.BLKGETSIZE64), m);
            long size = m.getLong(0);
            m.clear();
            libc.ioctl(fd, new NativeLong(LibC.BLKSSZGET), m);
            int logical = m.getInt(0);
            m.clear();
            libc.ioctl(fd, new NativeLong(LibC.BLKPBSZGET), m);
            int physical = m.getInt(0);
            m.clear();
            libc.ioctl(fd, new NativeLong(LibC.BLKROGET), m);
            boolean ro = m.getInt(0) != 0;
            if (ro && !readOnly) {
                throw new HardwareException(ExitCode.REFUSED, path + " is read-only");
            }
            ch = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                    : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new LinuxBlockDevice(path, fd, ch, size, logical, physical == 0 ? logical : physical, readOnly, libc, sys);
        } catch (LastErrorException e) {
            closeQuietly(libc, fd, ch);
            throw new IOException(path + " is not a block device (" + errno(e) + ")", e);
        } catch (RuntimeException | IOException e) {
            closeQuietly(libc, fd, ch);
            throw e;
        }
    }

    private static void closeQuietly(LibC libc, int fd, FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // Already failing; the first error is the one to report.
        }
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // Same.
        }
    }

    static String errno(LastErrorException e) {
        return "errno " + e.getErrorCode() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }

    public Path path() {
        return path;
    }

    /** The node's {@code major:minor} and the whole device as the region; empty if it cannot be stat'ed. */
    @Override
    public java.util.Optional<HostRegion> hostRegion() {
        try {
            Object rdev = java.nio.file.Files.getAttribute(path, "unix:rdev");
            long r = ((Number) rdev).longValue();
            return java.util.Optional.of(new HostRegion(path, HostRegion.major(r), HostRegion.minor(r), 0, size, sys));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public FileChannel channel() {
        return channel;
    }

    @Override
    public long base() {
        return 0;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int logicalSectorSize() {
        return logical;
    }

    @Override
    public int physicalSectorSize() {
        return physical;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        if (offset < 0 || offset + dst.remaining() > size) {
            throw new EOFException(String.format("read %d+%d past the end of %s (%d bytes)", offset, dst.remaining(),
                    path, size));
        }
        long pos = offset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw new EOFException("unexpected end of " + path + " at " + pos);
            }
            pos += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        requireWritable();
        if (offset < 0 || offset + src.remaining() > size) {
            throw new IOException(String.format("write %d+%d past the end of %s (%d bytes)", offset, src.remaining(),
                    path, size));
        }
        long pos = offset;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
    }

    @Override
    public void flush() throws IOException {
        channel.force(true);
        try {
            libc.fsync(fd);
        } catch (LastErrorException e) {
            throw new IOException("fsync of " + path + " failed: " + errno(e), e);
        }
    }

    /** BLKDISCARD; devices without discard support (EOPNOTSUPP) are left as they are. */
    @Override
    public void discard(long offset, long length) throws IOException {
        requireWritable();
        rangeIoctl(LibC.BLKDISCARD, offset, length);
    }

    /** BLKZEROOUT (the kernel uses WRITE ZEROES or writes zero pages itself); plain writes if refused. */
    @Override
    public void zeroRange(long offset, long length) throws IOException {
        requireWritable();
        if (!rangeIoctl(LibC.BLKZEROOUT, offset, length)) {
            ByteBuffer z = ByteBuffer.allocate(1 << 20);
            for (long pos = offset; pos < offset + length; pos += z.capacity()) {
                z.clear().limit((int) Math.min(z.capacity(), offset + length - pos));
                write(pos, z);
            }
        }
    }

    /** True when the ioctl did the work, false when the device does not support it. */
    private boolean rangeIoctl(long request, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IOException(String.format("range %d+%d outside %s", offset, length, path));
        }
        if (length == 0) {
            return true;
        }
        // Both ioctls want the range in whole logical sectors.
        if (offset % logical != 0 || length % logical != 0) {
            return false;
        }
        Memory range = new Memory(16);
        range.setLong(0, offset);
        range.setLong(8, length);
        try {
            libc.ioctl(fd, new NativeLong(request), range);
            return true;
        } catch (LastErrorException e) {
            int err = e.getErrorCode();
            if (err == LibC.EOPNOTSUPP || err == LibC.ENOTTY || err == LibC.EINVAL) {
                return false;
            }
            throw new IOException("ioctl on " + path + " failed: " + errno(e), e);
        }
    }

    /** A partition to announce to the kernel: number, byte offset and byte length. */
    public record KernelPartition(int number, long offset, long length) {
    }

    /** How the kernel was told about the new table. */
    public enum Reread { BLKRRPART, BLKPG, NOT_SUPPORTED }

    /**
     * Makes the kernel see {@code partitions}. BLKRRPART first; it fails with EBUSY while a partition
     * is open and with EINVAL on a loop device without partition scanning, and it silently finds
     * nothing on kernels built without GPT/MBR parsers. So when the kernel still does not list every
     * partition afterwards ({@code listed} reads /sys), each one is dropped and added with BLKPG.
     */
    public Reread rereadPartitions(List<KernelPartition> partitions, java.util.function.IntPredicate listed)
            throws IOException {
        requireWritable();
        flush();
        try {
            libc.ioctl(fd, new NativeLong(LibC.BLKRRPART), Pointer.NULL);
            if (partitions.stream().allMatch(p -> listed.test(p.number()))) {
                return Reread.BLKRRPART;
            }
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EINVAL) {
                // GENHD_FL_NO_PART: a loop device without partition scanning, a CD, a partition.
                return Reread.NOT_SUPPORTED;
            }
            // EBUSY or no parser: fall through to BLKPG.
        }
        List<String> failures = new ArrayList<>();
        for (int n = 1; n <= 128; n++) {
            if (listed.test(n)) {
                try {
                    blkpg(LibC.BLKPG_DEL_PARTITION, new KernelPartition(n, 0, 0));
                } catch (LastErrorException e) {
                    failures.add("delete " + n + ": " + errno(e));
                }
            }
        }
        for (KernelPartition p : partitions) {
            try {
                blkpg(LibC.BLKPG_ADD_PARTITION, p);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINVAL) {
                    return Reread.NOT_SUPPORTED;
                }
                failures.add("add " + p.number() + ": " + errno(e));
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("the kernel did not take the new partitions of " + path + " (BLKPG " + failures
                    + "); they are written on disk and appear after a reboot");
        }
        return Reread.BLKPG;
    }

    /** struct blkpg_ioctl_arg { int op; int flags; int datalen; void *data; } → blkpg_partition. */
    private void blkpg(int op, KernelPartition p) {
        // struct blkpg_partition { long long start, length; int pno; char devname[64], volname[64]; }
        Memory part = new Memory(152);
        part.clear();
        part.setLong(0, p.offset());
        part.setLong(8, p.length());
        part.setInt(16, p.number());
        Memory arg = new Memory(24);
        arg.clear();
        arg.setInt(0, op);
        arg.setInt(4, 0);
        arg.setInt(8, 152);
        arg.setPointer(16, part);
        libc.ioctl(fd, new NativeLong(LibC.BLKPG), arg);
    }

    private void requireWritable() throws IOException {
        if (readOnly) {
            throw new IOException(path + " is open read-only");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                throw new IOException("close of " + path + " failed: " + errno(e), e);
            }
        }
    }
}
