package dev.bronze.hardware.fat;

import dev.bronze.hardware.ExitCode;
import dev.bronze.hardware.HardwareException;
import dev.bronze.hardware.disk.discovery.RegionUse;
import dev.bronze.hardware.block.BlockDevice;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A FAT32 or FAT16 filesystem on a {@link BlockDevice} (usually a partition: {@code
 * image.slice(offset, length)}), written and read in pure Java, without root or mounting.
 *
 * <p>Paths are absolute or relative to the root, separated by '/'; lookups ignore case as FAT
 * drivers do. Timestamps come from the injected clock, the volume id from the caller (see
 * {@link FatFormat#volumeIdFromSeed}), and allocation is deterministic, so the same calls on the
 * same fresh image give byte-identical results.
 *
 * <p>Not thread-safe: one writer per volume. Write order (issued in this order; with
 * {@link #setWriteBarriers} the device is also flushed before each write that makes earlier ones
 * reachable): a new file's data and its FAT chain (every FAT copy), then its directory entry; the entry is what makes it exist, so a cut earlier leaves only lost
 * clusters that fsck reclaims. An overwrite of the same size rewrites the data in its clusters and
 * then the entry's time. An overwrite with a new size writes a new chain, then switches the short
 * entry (first cluster and size: one 32-byte slot, so one sector) and only then frees the old
 * chain: a cut leaves the old or the new file, never a mix. A rename within a directory whose entry
 * set keeps its slot count rewrites those slots in one write (one sector unless the set straddles
 * a sector boundary); otherwise the new entry set is written before the old one is deleted, so a cut
 * leaves the file under both names, never under none. A delete marks the short entry, then the LFN
 * slots, then frees the chain. FSInfo (a hint) is written last.
 */
public final class FatFileSystem implements Closeable {

    private static final int IO_CHUNK = 4 << 20;
    private static final int FS_INFO_LEAD = 0x41615252;
    private static final int FS_INFO_STRUCT = 0x61417272;
    private static final int FS_INFO_TRAIL = 0xAA550000;
    private static final int MAX_PATH_DEPTH = 128;

    private final VolumeIo io;
    private final BootSector bs;
    private final FatTable fat;
    private final Clock clock;
    private final Map<Integer, Directory> dirs = new HashMap<>();
    private boolean barriers;
    private ByteBuffer bigBuffer;

    private FatFileSystem(VolumeIo io, BootSector bs, FatTable fat, Clock clock) {
        this.io = io;
        this.bs = bs;
        this.fat = fat;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- opening and formatting

    /**
     * Formats the whole device. Writes: zeros over the reserved sectors, FATs and root directory,
     * the FATs, the root directory (with the label), FSInfo and its backup, the backup boot sector,
     * and the boot sector last, so a cut leaves no half-made filesystem that looks valid. The data
     * area is not cleared (as mkfs.fat): on a fresh sparse image it reads as zeros.
     */
    public static FatFileSystem format(BlockDevice device, FatFormat format, Clock clock) {
        refuseMounted(device, "format");
        VolumeIo io = new VolumeIo(device, false);
        BootSector bs = Geometry.plan(io.size(), io.sectorSize(), format, io.name());
        int bps = bs.bytesPerSector();
        long meta = bs.dataOffset() + (bs.type() == FatType.FAT32 ? bs.clusterBytes() : 0);
        io.zero(0, meta);
        FatTable fat = FatTable.fresh(bs, io);
        fat.flush();
        FatFileSystem fs = new FatFileSystem(io, bs, fat, clock);
        if (!FatFormat.NO_LABEL.equals(format.label())) {
            byte[] e = Directory.shortEntry(Directory.ATTR_VOLUME_ID, DosTime.now(clock), 0, 0);
            System.arraycopy(BootSector.pad(format.label(), 11), 0, e, 0, 11);
            e[13] = 0; // only the write time is kept for a label (as mkfs.fat writes it)
            Arrays.fill(e, 14, 20, (byte) 0);
            io.write(bs.type() == FatType.FAT32 ? Directory.clusterOffset(bs, bs.rootCluster()) : bs.rootDirOffset(), e);
        }
        if (bs.type() == FatType.FAT32) {
            byte[] info = fs.fsInfo();
            io.write((long) bs.fsInfoSector() * bps, info);
            io.write((long) (bs.backupBootSector() + bs.fsInfoSector()) * bps, info);
        }
        byte[] boot = bs.encode();
        if (bs.type() == FatType.FAT32) {
            io.write((long) bs.backupBootSector() * bps, boot);
        }
        io.flush();
        io.write(0, boot);
        io.flush();
        return fs;
    }

    /** Opens for reading and writing. */
    public static FatFileSystem open(BlockDevice device, Clock clock) {
        refuseMounted(device, "write");
        return open(new VolumeIo(device, false), clock);
    }

    /** Opens for reading only: every write is refused. */
    public static FatFileSystem openReadOnly(BlockDevice device) {
        return open(new VolumeIo(device, true), Clock.systemUTC());
    }

    /**
     * The kernel caches a mounted FAT's directories and table: writing the same sectors behind its
     * back corrupts it (and ours would be overwritten by its next flush). On a real block device,
     * refuse when the partition the volume lies on — or anything overlapping it — is mounted, per
     * mountinfo. On a running node the ESP is worked through its mount instead. Image files are
     * never refused.
     */
    private static void refuseMounted(BlockDevice device, String verb) {
        device.hostRegion().ifPresent(r -> new RegionUse(r.sys()).conflict(r).ifPresent(why -> {
            throw new HardwareException(ExitCode.REFUSED, why + ": refusing to " + verb + " the FAT file system at byte "
                    + r.offset() + " of " + r.node() + " behind the kernel's back (work through the mount instead)");
        }));
    }

    private static FatFileSystem open(VolumeIo io, Clock clock) {
        long size = io.size();
        int bps = io.sectorSize();
        byte[] sector = io.read(0, (int) Math.min(Math.max(512, bps), Math.max(size, 0)));
        if (sector.length < 512) {
            throw new HardwareException("FAT on " + io.name() + ": device of " + size + " bytes is too small");
        }
        BootSector bs = BootSector.parse(sector, size, io.name());
        FatTable fat = FatTable.load(bs, io);
        FatFileSystem fs = new FatFileSystem(io, bs, fat, clock);
        if (bs.type() == FatType.FAT32 && bs.fsInfoSector() > 0 && bs.fsInfoSector() < bs.reservedSectors()) {
            ByteBuffer info = ByteBuffer.wrap(io.read((long) bs.fsInfoSector() * bs.bytesPerSector(), 512))
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (info.getInt(0) == FS_INFO_LEAD && info.getInt(484) == FS_INFO_STRUCT) {
                fat.hintNextFree(info.getInt(492) & 0xFFFFFFFFL);
            }
        }
        return fs;
    }

    /**
     * With barriers on, the device is flushed between the ordered steps of every change, so the
     * order holds on a real disk with a volatile write cache too. Off by default: an image being
     * built has no power to lose, and flushing per file is slow.
     */
    public void setWriteBarriers(boolean on) {
        this.barriers = on;
    }

    // ---------------------------------------------------------------- volume facts

    public FatType type() {
        return bs.type();
    }

    public int volumeId() {
        return bs.volumeId();
    }

    /**
     * The label from the root directory (what blkid and Windows show), else from the boot sector;
     * empty when there is none ("NO NAME").
     */
    public String label() {
        String l = root().label();
        if (l == null) {
            l = bs.label();
        }
        return FatFormat.NO_LABEL.equals(l) ? "" : l;
    }

    public int clusterBytes() {
        return bs.clusterBytes();
    }

    public int clusterCount() {
        return fat.clusters();
    }

    public long freeBytes() {
        return (long) fat.freeCount() * bs.clusterBytes();
    }

    public long totalBytes() {
        return (long) fat.clusters() * bs.clusterBytes();
    }

    // ---------------------------------------------------------------- reading

    public Optional<FatEntry> stat(String path) {
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            int rootCluster = bs.type() == FatType.FAT32 ? bs.rootCluster() : 0;
            return Optional.of(new FatEntry("/", "", true, 0, rootCluster, null, Directory.ATTR_DIRECTORY));
        }
        Directory d = findDir(parts.subList(0, parts.size() - 1), path);
        if (d == null) {
            return Optional.empty();
        }
        Directory.Node n = d.find(parts.get(parts.size() - 1));
        return n == null ? Optional.empty() : Optional.of(entry(d, n));
    }

    public boolean exists(String path) {
        return stat(path).isPresent();
    }

    /** The entries of a directory in on-disk order, without "." and "..". */
    public List<FatEntry> list(String path) {
        Directory d = dir(split(path), path);
        List<FatEntry> out = new ArrayList<>();
        for (Directory.Node n : d.nodes()) {
            out.add(entry(d, n));
        }
        return out;
    }

    /** The whole file; refused above 1 GiB (use {@link #read(String, OutputStream)}). */
    public byte[] readAllBytes(String path) {
        Located f = file(path);
        long size = f.dir.size(f.node);
        if (size > (1L << 30)) {
            throw new HardwareException("FAT on " + io.name() + ": " + path + " is " + size
                    + " bytes; stream it instead of reading it into memory");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) size);
        read(path, out);
        return out.toByteArray();
    }

    public void read(String path, OutputStream out) {
        read(path, Channels.newChannel(out));
    }

    /** Copies a file out to {@code target} (created or truncated). */
    public void copyOut(String path, Path target) {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            read(path, ch);
        } catch (IOException e) {
            throw new HardwareException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private void read(String path, WritableByteChannel out) {
        Located f = file(path);
        long size = f.dir.size(f.node);
        int first = f.dir.firstCluster(f.node);
        int cb = bs.clusterBytes();
        long need = (size + cb - 1) / cb;
        int[] chain = chainPrefix(first, need, path);
        ByteBuffer buf = ioBuffer(size);
        long left = size;
        int i = 0;
        try {
            while (left > 0) {
                int j = i + 1;
                long maxRun = buf.capacity() / cb;
                while (j < chain.length && chain[j] == chain[j - 1] + 1 && j - i < maxRun) {
                    j++;
                }
                int len = (int) Math.min(left, (long) (j - i) * cb);
                buf.clear().limit(len);
                io.read(Directory.clusterOffset(bs, chain[i]), buf);
                buf.flip();
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                left -= len;
                i = j;
            }
        } catch (IOException e) {
            throw new HardwareException("FAT on " + io.name() + ": cannot copy out " + path + ": " + e.getMessage(), e);
        }
    }

    /** The first {@code n} clusters of a chain, checked; a chain that ends early is a truncated file. */
    private int[] chainPrefix(int first, long n, String what) {
        if (n == 0) {
            return new int[0];
        }
        if (n > fat.clusters()) {
            throw new HardwareException("FAT on " + io.name() + ": " + what + " claims more bytes than the volume holds");
        }
        int[] out = new int[(int) n];
        int c = first;
        for (int i = 0; i < n; i++) {
            if (!fat.validCluster(c)) {
                throw new HardwareException("FAT on " + io.name() + ": " + what + (i == 0 ? " starts at" : " links to")
                        + " cluster " + Integer.toUnsignedString(c) + ", outside 2.." + (fat.clusters() + 1));
            }
            out[i] = c;
            int v = fat.get(c);
            if (i + 1 < n) {
                if (fat.isEndOfChain(v) || v == 0 || v == bs.type().badCluster()) {
                    throw new HardwareException("FAT on " + io.name() + ": " + what + " is truncated: its chain ends after "
                            + (i + 1) + " of " + n + " clusters");
                }
                c = v;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- writing

    /** Creates a directory and any missing parents; an existing directory is fine. */
    public void mkdirs(String path) {
        List<String> parts = split(path);
        Directory d = root();
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i);
            Directory.Node n = d.find(name);
            if (n == null) {
                n = createDirectory(d, name);
            } else if ((d.attr(n) & Directory.ATTR_DIRECTORY) == 0) {
                throw new HardwareException("FAT on " + io.name() + ": cannot create directory "
                        + String.join("/", parts.subList(0, i + 1)) + ": a file has that name");
            }
            d = subdir(d, n, String.join("/", parts.subList(0, i + 1)));
        }
    }

    private Directory.Node createDirectory(Directory parent, String name) {
        checkName(name);
        int[] c = allocate(1, name);
        DosTime t = DosTime.now(clock);
        int parentCluster = parentRef(parent);
        io.write(Directory.clusterOffset(bs, c[0]), Directory.newDirectoryCluster(bs.clusterBytes(), c[0], parentCluster, t));
        fat.link(0, c);
        fat.flush();
        barrier();
        Directory.Node n = addEntryOrRelease(parent, name, Directory.shortEntry(Directory.ATTR_DIRECTORY, t, c[0], 0), c);
        writeInfo();
        return n;
    }

    /** Adds the entry; when that fails (a full directory) frees the chain so no cluster is lost. */
    private Directory.Node addEntryOrRelease(Directory d, String name, byte[] shortEntry, int[] chain) {
        try {
            return addEntry(d, name, shortEntry);
        } catch (HardwareException e) {
            fat.free(chain, 0);
            fat.flush();
            writeInfo();
            throw e;
        }
    }

    /** ".." holds 0 for the root, on FAT32 too (fatgen103 §6.7). */
    private int parentRef(Directory parent) {
        return parent.fixedRoot() || parent.cluster == bs.rootCluster() ? 0 : parent.cluster;
    }

    /**
     * Creates or overwrites a file. An existing file of the same size is rewritten in its own
     * clusters (what GRUB's save_env and firmware expect of grubenv); one of another size gets new
     * clusters and one entry update, or reuses its clusters when the volume cannot hold both.
     */
    public void write(String path, byte[] data) {
        write(path, Channels.newChannel(new java.io.ByteArrayInputStream(data)), data.length, false);
    }

    /** Writes {@code size} bytes read from {@code in}; the stream must hold exactly that many. */
    public void write(String path, InputStream in, long size) {
        write(path, Channels.newChannel(in), size, false);
    }

    public void write(String path, Path source) {
        write(path, source, false);
    }

    /**
     * Creates or replaces a file atomically: the new content always goes to new clusters and
     * becomes visible with one 32-byte entry update, even at the same size, so a power cut leaves
     * the old file or the new one (kernels, initrds, loader entries). Needs room for both; fails
     * with "no space" rather than falling back to an in-place rewrite.
     */
    public void replace(String path, byte[] data) {
        write(path, Channels.newChannel(new java.io.ByteArrayInputStream(data)), data.length, true);
    }

    public void replace(String path, Path source) {
        write(path, source, true);
    }

    private void write(String path, Path source, boolean atomic) {
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
            write(path, ch, ch.size(), atomic);
        } catch (IOException e) {
            throw new HardwareException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private void write(String path, ReadableByteChannel src, long size, boolean atomic) {
        if (size < 0 || size > 0xFFFFFFFFL) {
            throw new HardwareException("FAT on " + io.name() + ": " + path + ": " + size
                    + " bytes do not fit in a FAT file (at most 4 GiB - 1)");
        }
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new HardwareException("FAT on " + io.name() + ": cannot write to the root directory itself");
        }
        Directory d = dir(parts.subList(0, parts.size() - 1), path);
        String name = parts.get(parts.size() - 1);
        Directory.Node n = d.find(name);
        int cb = bs.clusterBytes();
        int need = (int) ((size + cb - 1) / cb);
        DosTime t = DosTime.now(clock);
        if (n == null) {
            checkName(name);
            int[] chain = allocate(need, path);
            writeData(chain, src, size, path);
            fat.link(0, chain);
            fat.flush();
            barrier();
            addEntryOrRelease(d, name, Directory.shortEntry(Directory.ATTR_ARCHIVE, t,
                    chain.length > 0 ? chain[0] : 0, size), chain);
            writeInfo();
            return;
        }
        if ((d.attr(n) & Directory.ATTR_DIRECTORY) != 0) {
            throw new HardwareException("FAT on " + io.name() + ": " + path + " is a directory");
        }
        long oldSize = d.size(n);
        int[] old = fat.chain(d.firstCluster(n), fat.clusters(), path);
        ByteBuffer e = d.entry(n.shortSlot());
        if (!atomic && oldSize == size && old.length == need) {
            // In place: GRUB's save_env and the firmware expect grubenv to stay where it is.
            writeData(old, src, size, path);
            barrier();
            setTimes(e, t);
            d.flushSlots(n.shortSlot(), n.shortSlot());
            return;
        }
        int[] chain = fat.findFree(need);
        if (chain == null) {
            if (atomic || need - old.length > fat.freeCount()) {
                throw noSpace(path, need);
            }
            resizeInPlace(d, n, old, need, src, size, t, path);
            return;
        }
        writeData(chain, src, size, path);
        fat.link(0, chain);
        fat.flush();
        barrier();
        int first = chain.length > 0 ? chain[0] : 0;
        e.putShort(20, (short) (bs.type() == FatType.FAT32 ? first >>> 16 : 0));
        e.putShort(26, (short) first);
        e.putInt(28, (int) size);
        setTimes(e, t);
        d.flushSlots(n.shortSlot(), n.shortSlot());
        barrier();
        fat.free(old, 0);
        fat.flush();
        writeInfo();
    }

    /**
     * The fallback when the volume cannot hold the old and the new content at once: reuse the old
     * clusters (plus free ones, or minus the tail). Data first, then the extended chain, then the
     * entry's size, then the freed tail; a cut leaves a file of the old size with mixed content, so
     * callers that need atomicity keep enough free space (the A/B layout does).
     */
    private void resizeInPlace(Directory d, Directory.Node n, int[] old, int need, ReadableByteChannel src,
            long size, DosTime t, String path) {
        int keep = Math.min(need, old.length);
        int[] extra = need > old.length ? allocate(need - old.length, path) : new int[0];
        int[] all = Arrays.copyOf(old, keep + extra.length);
        System.arraycopy(extra, 0, all, keep, extra.length);
        writeData(all, src, size, path);
        if (extra.length > 0) {
            fat.link(old.length > 0 ? old[old.length - 1] : 0, extra);
            fat.flush();
            barrier();
        }
        ByteBuffer e = d.entry(n.shortSlot());
        int first = all.length > 0 ? all[0] : 0;
        e.putShort(20, (short) (bs.type() == FatType.FAT32 ? first >>> 16 : 0));
        e.putShort(26, (short) first);
        e.putInt(28, (int) size);
        setTimes(e, t);
        d.flushSlots(n.shortSlot(), n.shortSlot());
        barrier();
        if (need < old.length) {
            if (need > 0) {
                fat.endChainAt(old[need - 1]);
            }
            fat.free(old, need);
            fat.flush();
        }
        writeInfo();
    }

    /**
     * One direct buffer per filesystem for large transfers (a direct buffer skips the JDK's copy
     * into a temporary one on every channel call); small ones use a heap buffer of their size.
     */
    private ByteBuffer ioBuffer(long size) {
        int cb = bs.clusterBytes();
        int want = (int) Math.min(IO_CHUNK, Math.max(cb, roundUp(size, cb)));
        if (want < IO_CHUNK) {
            return ByteBuffer.allocate(want);
        }
        if (bigBuffer == null) {
            bigBuffer = ByteBuffer.allocateDirect(IO_CHUNK / cb * cb);
        }
        return bigBuffer.clear();
    }

    private static void setTimes(ByteBuffer e, DosTime t) {
        e.putShort(18, (short) t.date());
        e.putShort(22, (short) t.time());
        e.putShort(24, (short) t.date());
    }

    /** Writes the data into the clusters, run by contiguous run; the last cluster's slack is zeroed. */
    private void writeData(int[] chain, ReadableByteChannel src, long size, String path) {
        int cb = bs.clusterBytes();
        ByteBuffer buf = ioBuffer(size);
        long done = 0;
        int i = 0;
        try {
            while (i < chain.length) {
                int j = i + 1;
                long maxRun = buf.capacity() / cb;
                while (j < chain.length && chain[j] == chain[j - 1] + 1 && j - i < maxRun) {
                    j++;
                }
                int runBytes = (j - i) * cb;
                int dataBytes = (int) Math.min(runBytes, size - done);
                buf.clear().limit(dataBytes);
                while (buf.hasRemaining()) {
                    if (src.read(buf) < 0) {
                        throw new HardwareException("FAT on " + io.name() + ": the source for " + path + " ended after "
                                + (done + buf.position()) + " of " + size + " bytes");
                    }
                }
                buf.limit(runBytes);
                while (buf.hasRemaining()) {
                    buf.put((byte) 0);
                }
                buf.flip();
                io.write(Directory.clusterOffset(bs, chain[i]), buf);
                done += dataBytes;
                i = j;
            }
            ByteBuffer probe = ByteBuffer.allocate(1);
            if (!(src instanceof FileChannel) && src.read(probe) > 0) {
                throw new HardwareException("FAT on " + io.name() + ": the source for " + path
                        + " holds more than the " + size + " bytes given");
            }
        } catch (IOException ex) {
            throw new HardwareException("FAT on " + io.name() + ": cannot read the source for " + path + ": "
                    + ex.getMessage(), ex);
        }
    }

    /** Deletes a file or an empty directory. */
    public void delete(String path) {
        Located f = locate(path);
        Directory d = f.dir;
        Directory.Node n = f.node;
        boolean isDir = (d.attr(n) & Directory.ATTR_DIRECTORY) != 0;
        int first = d.firstCluster(n);
        int[] chain;
        if (isDir) {
            Directory sub = subdir(d, n, path);
            if (!sub.isEmpty()) {
                throw new HardwareException("FAT on " + io.name() + ": directory " + path + " is not empty");
            }
            chain = sub.chain();
            dirs.remove(first);
        } else {
            chain = fat.chain(first, fat.clusters(), path);
        }
        removeEntry(d, n);
        barrier();
        fat.free(chain, 0);
        fat.flush();
        writeInfo();
    }

    /**
     * Renames or moves a file or directory; the target must not exist (a change of case only is
     * allowed). See the class comment for the write order.
     */
    public void rename(String from, String to) {
        Located src = locate(from);
        List<String> parts = split(to);
        if (parts.isEmpty()) {
            throw new HardwareException("FAT on " + io.name() + ": cannot rename " + from + " to the root");
        }
        Directory target = dir(parts.subList(0, parts.size() - 1), to);
        String name = parts.get(parts.size() - 1);
        checkName(name);
        Directory.Node existing = target.find(name);
        boolean sameDir = target == src.dir;
        if (existing != null && !(sameDir && existing.equals(src.node))) {
            throw new HardwareException("FAT on " + io.name() + ": cannot rename " + from + " to " + to
                    + ": the target exists");
        }
        if (sameDir && name.equals(src.node.name())) {
            return;
        }
        Directory d = src.dir;
        Directory.Node n = src.node;
        boolean isDir = (d.attr(n) & Directory.ATTR_DIRECTORY) != 0;
        if (isDir && !sameDir) {
            checkNotInside(target, d.firstCluster(n), from, to);
        }
        byte[] tail = Arrays.copyOfRange(d.entry(n.shortSlot()).array(), n.shortSlot() * Directory.SLOT,
                n.shortSlot() * Directory.SLOT + Directory.SLOT);
        String oldKey = n.shortKey();
        byte[] exact = ShortName.exact(name);
        byte[] shortRaw = exact != null ? exact
                : ShortName.generate(name, k -> target.shortTaken(k) && !(sameDir && k.equals(oldKey)));
        if (exact != null && target.shortTaken(ShortName.key(exact)) && !(sameDir && ShortName.key(exact).equals(oldKey))) {
            throw new HardwareException("FAT on " + io.name() + ": cannot rename " + from + " to " + to
                    + ": the 8.3 name is taken");
        }
        byte[][] set = Directory.entrySet(exact != null ? null : name, shortRaw, tail);
        if (sameDir && set.length == n.slotCount()) {
            Directory.Node m = d.replaceInPlace(n, name, set);
            d.flushSlots(m.firstSlot(), m.shortSlot());
            return;
        }
        if (sameDir) {
            d.forget(n); // the new set may share the old one's name or alias
        }
        placeEntrySet(target, name, set);
        barrier();
        if (isDir && !sameDir) {
            subdir(d, n, from).setParent(parentRef(target));
            barrier();
        }
        removeEntry(d, n);
        writeInfo();
    }

    private void checkNotInside(Directory target, int movedCluster, String from, String to) {
        Directory cur = target;
        for (int depth = 0; depth < MAX_PATH_DEPTH * 8 && !cur.fixedRoot() && cur.cluster != bs.rootCluster(); depth++) {
            if (cur.cluster == movedCluster) {
                throw new HardwareException("FAT on " + io.name() + ": cannot move " + from + " into itself (" + to + ")");
            }
            int p = cur.parentCluster();
            if (p <= 0) {
                return;
            }
            cur = loadDir(p, "parent of " + to);
        }
    }

    /** Writes FAT, FSInfo and flushes the device. */
    public void flush() {
        fat.flush();
        writeInfo();
        io.flush();
    }

    @Override
    public void close() {
        if (!io.readOnly()) {
            flush();
        }
    }

    // ---------------------------------------------------------------- internals

    private record Located(Directory dir, Directory.Node node) {
    }

    private Located locate(String path) {
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new HardwareException("FAT on " + io.name() + ": the root directory cannot be changed or read as a file");
        }
        Directory d = dir(parts.subList(0, parts.size() - 1), path);
        Directory.Node n = d.find(parts.get(parts.size() - 1));
        if (n == null) {
            throw new HardwareException("FAT on " + io.name() + ": no such file or directory: " + path);
        }
        return new Located(d, n);
    }

    private Located file(String path) {
        Located f = locate(path);
        if ((f.dir.attr(f.node) & Directory.ATTR_DIRECTORY) != 0) {
            throw new HardwareException("FAT on " + io.name() + ": " + path + " is a directory");
        }
        return f;
    }

    private FatEntry entry(Directory d, Directory.Node n) {
        int attr = d.attr(n);
        boolean isDir = (attr & Directory.ATTR_DIRECTORY) != 0;
        return new FatEntry(n.name(), n.shortDisplay(), isDir, isDir ? 0 : d.size(n), d.firstCluster(n),
                d.modified(n), attr);
    }

    static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("[/\\\\]")) {
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals(".") || p.equals("..")) {
                throw new HardwareException("path " + path + ": \".\" and \"..\" are not supported");
            }
            parts.add(p);
        }
        if (parts.size() > MAX_PATH_DEPTH) {
            throw new HardwareException("path " + path + " is deeper than " + MAX_PATH_DEPTH + " directories");
        }
        return parts;
    }

    private Directory root() {
        if (bs.type() == FatType.FAT16) {
            return dirs.computeIfAbsent(0, k -> Directory.fixedRoot(bs, io));
        }
        return loadDir(bs.rootCluster(), "the root directory");
    }

    private Directory loadDir(int cluster, String what) {
        Directory d = dirs.get(cluster);
        if (d == null) {
            d = Directory.load(bs, io, fat, cluster, what);
            dirs.put(cluster, d);
        }
        return d;
    }

    private Directory subdir(Directory parent, Directory.Node n, String what) {
        int c = parent.firstCluster(n);
        if (c == 0 || (bs.type() == FatType.FAT32 && c == bs.rootCluster())) {
            throw new HardwareException("FAT on " + io.name() + ": directory " + what + " points at cluster " + c
                    + " (the root): the directory tree is damaged");
        }
        return loadDir(c, "directory " + what);
    }

    private Directory findDir(List<String> parts, String path) {
        Directory d = root();
        for (String p : parts) {
            Directory.Node n = d.find(p);
            if (n == null || (d.attr(n) & Directory.ATTR_DIRECTORY) == 0) {
                return null;
            }
            d = subdir(d, n, path);
        }
        return d;
    }

    private Directory dir(List<String> parts, String path) {
        Directory d = root();
        StringBuilder sofar = new StringBuilder();
        for (String p : parts) {
            sofar.append('/').append(p);
            Directory.Node n = d.find(p);
            if (n == null) {
                throw new HardwareException("FAT on " + io.name() + ": no such directory: " + sofar);
            }
            if ((d.attr(n) & Directory.ATTR_DIRECTORY) == 0) {
                throw new HardwareException("FAT on " + io.name() + ": " + sofar + " is a file, not a directory");
            }
            d = subdir(d, n, sofar.toString());
        }
        return d;
    }

    private void checkName(String name) {
        String bad = ShortName.invalidLongName(name);
        if (bad != null) {
            throw new HardwareException("FAT on " + io.name() + ": " + bad);
        }
    }

    private int[] allocate(int n, String what) {
        int[] c = fat.findFree(n);
        if (c == null) {
            throw noSpace(what, n);
        }
        return c;
    }

    private HardwareException noSpace(String what, long clusters) {
        return new HardwareException("FAT on " + io.name() + ": no space for " + what + ": needs " + clusters
                + " clusters of " + bs.clusterBytes() + " bytes, " + fat.freeCount() + " free");
    }

    /** Adds an entry (with LFN slots when the name is not a plain upper-case 8.3 name). */
    private Directory.Node addEntry(Directory d, String name, byte[] shortEntry) {
        byte[] exact = ShortName.exact(name);
        byte[] raw = exact != null ? exact : ShortName.generate(name, d::shortTaken);
        byte[][] set = Directory.entrySet(exact != null ? null : name, raw, shortEntry);
        return placeEntrySet(d, name, set);
    }

    private Directory.Node placeEntrySet(Directory d, String name, byte[][] set) {
        int start = d.findRun(set.length);
        while (start < 0) {
            if (!d.canGrow()) {
                throw new HardwareException("FAT on " + io.name() + ": directory is full; cannot add " + name
                        + (d.fixedRoot() ? " (the FAT16 root directory holds " + bs.rootEntries() + " entries)" : ""));
            }
            int[] c = allocate(1, "a directory cluster for " + name);
            io.zero(Directory.clusterOffset(bs, c[0]), bs.clusterBytes());
            barrier(); // linking makes the cluster part of the directory: it must be zeros first
            int[] chain = d.chain();
            fat.link(chain[chain.length - 1], c);
            fat.flush();
            barrier();
            d.grow(c[0]);
            start = d.findRun(set.length);
        }
        Directory.Node n = d.place(start, name, set);
        d.flushSlots(n.firstSlot(), n.shortSlot());
        return n;
    }

    /** Marks the short entry deleted first (the file is gone at once), then its LFN slots. */
    private void removeEntry(Directory d, Directory.Node n) {
        d.markDeleted(n);
        d.flushSlots(n.shortSlot(), n.shortSlot());
        if (n.firstSlot() < n.shortSlot()) {
            d.flushSlots(n.firstSlot(), n.shortSlot() - 1);
        }
    }

    private void barrier() {
        if (barriers) {
            io.flush();
        }
    }

    private byte[] fsInfo() {
        ByteBuffer b = ByteBuffer.allocate(bs.bytesPerSector()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, FS_INFO_LEAD);
        b.putInt(484, FS_INFO_STRUCT);
        b.putInt(488, fat.freeCount());
        b.putInt(492, fat.nextFree());
        b.putInt(508, FS_INFO_TRAIL);
        return b.array();
    }

    private void writeInfo() {
        if (bs.type() == FatType.FAT32 && !io.readOnly() && bs.fsInfoSector() > 0
                && bs.fsInfoSector() < bs.reservedSectors()) {
            io.write((long) bs.fsInfoSector() * bs.bytesPerSector(), fsInfo());
        }
    }

    private static long roundUp(long v, int unit) {
        return (v + unit - 1) / unit * unit;
    }
}
